package dev.cairn.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The plain-text logging configuration of {@code logback.xml}, made in code: logback finds it
 * through {@code ServiceLoader} before it looks for its XML files, and skips them (reading and
 * interpreting the XML was a fifth of the server's start). With {@code logback.configurationFile}
 * set ({@code CAIRN_LOG_FORMAT=json}, or a file of the operator's) logback reads that file as
 * before. {@code logback.xml} stays the same configuration for whoever reads it.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    // During a database outage Hikari logs a stack trace per broken connection; Cairn's own store
    // logs one line when the database goes away and one when it is back.
    for (String name :
        new String[] {
          "com.zaxxer.hikari.pool.ProxyConnection",
          "com.zaxxer.hikari.pool.PoolBase",
          "com.zaxxer.hikari.pool.HikariPool"
        }) {
      context.getLogger(name).setLevel(Level.ERROR);
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
