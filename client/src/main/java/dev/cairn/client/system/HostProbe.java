package dev.cairn.client.system;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * CPU, memory and disk figures, as MLflow's CPU and disk monitors (psutil) take them: CPU use since
 * the previous sample, memory in use (total less available) in MB of 10^6 bytes and as a share of
 * the total, and the disk holding the file system root: used, available to users, and their share.
 * CPU and memory come from OSHI; the disk from the JDK's {@link FileStore}, whose three sizes are
 * statvfs' as psutil reads them.
 */
final class HostProbe implements Probe {
  private static final double MB = 1e6;

  private final CentralProcessor cpu;
  private final GlobalMemory memory;
  private final Path disk;
  private long[] ticks;

  HostProbe(HardwareAbstractionLayer hardware, Path disk) {
    this.cpu = hardware.getProcessor();
    this.memory = hardware.getMemory();
    this.disk = disk;
    this.ticks = cpu.getSystemCpuLoadTicks();
  }

  @Override
  public Map<String, Double> sample() {
    Map<String, Double> m = new LinkedHashMap<>();
    long[] now = cpu.getSystemCpuLoadTicks();
    m.put("cpu_utilization_percentage", 100 * cpu.getSystemCpuLoadBetweenTicks(ticks));
    ticks = now;
    long total = memory.getTotal();
    long used = total - memory.getAvailable();
    m.put("system_memory_usage_megabytes", used / MB);
    m.put("system_memory_usage_percentage", total == 0 ? 0 : 100.0 * used / total);
    try {
      FileStore store = Files.getFileStore(disk);
      long size = store.getTotalSpace();
      long diskUsed = size - store.getUnallocatedSpace();
      long available = store.getUsableSpace();
      // psutil's percent: used over what users can have (used + available), not over the size
      m.put(
          "disk_usage_percentage",
          diskUsed + available == 0 ? 0 : 100.0 * diskUsed / (diskUsed + available));
      m.put("disk_usage_megabytes", diskUsed / MB);
      m.put("disk_available_megabytes", available / MB);
    } catch (IOException e) {
      // a root that cannot be read leaves the disk figures out of this sample
    }
    return m;
  }

  @Override
  public Aggregation aggregation() {
    return Aggregation.MEAN;
  }

  /**
   * Bytes received and sent through all interfaces, loopback included (psutil's {@code
   * net_io_counters}), in MB since the probe was made.
   */
  static final class Network implements Probe {
    private final List<NetworkIF> interfaces;
    private final double receivedAtStart;
    private final double sentAtStart;

    Network(HardwareAbstractionLayer hardware) {
      this.interfaces = hardware.getNetworkIFs(true);
      double[] start = totals();
      this.receivedAtStart = start[0];
      this.sentAtStart = start[1];
    }

    private double[] totals() {
      double received = 0;
      double sent = 0;
      for (NetworkIF nif : interfaces) {
        nif.updateAttributes();
        received += nif.getBytesRecv();
        sent += nif.getBytesSent();
      }
      return new double[] {received / MB, sent / MB};
    }

    @Override
    public Map<String, Double> sample() {
      double[] now = totals();
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("network_receive_megabytes", now[0] - receivedAtStart);
      m.put("network_transmit_megabytes", now[1] - sentAtStart);
      return m;
    }

    @Override
    public Aggregation aggregation() {
      return Aggregation.LAST;
    }
  }
}
