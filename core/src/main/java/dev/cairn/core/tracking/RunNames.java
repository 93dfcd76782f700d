package dev.cairn.core.tracking;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Names for runs created without one, shaped like MLflow's: {@code <adjective>-<noun>-<0..1000>},
 * at most 20 characters.
 */
public final class RunNames {
  private static final int MAX_LENGTH = 20;
  private static final List<String> ADJECTIVES =
      List.of(
          "able",
          "amber",
          "ample",
          "agile",
          "bold",
          "brave",
          "bright",
          "brisk",
          "calm",
          "candid",
          "clever",
          "cosmic",
          "crisp",
          "dapper",
          "daring",
          "deft",
          "eager",
          "early",
          "earnest",
          "fair",
          "fearless",
          "fleet",
          "fond",
          "gentle",
          "giddy",
          "glad",
          "golden",
          "grand",
          "hardy",
          "honest",
          "humble",
          "jolly",
          "keen",
          "kind",
          "lively",
          "lucid",
          "lucky",
          "mellow",
          "merry",
          "mighty",
          "modest",
          "nimble",
          "noble",
          "patient",
          "placid",
          "polite",
          "proud",
          "quick",
          "quiet",
          "rapid",
          "ready",
          "serene",
          "sharp",
          "shy",
          "silent",
          "sleek",
          "smooth",
          "snappy",
          "solid",
          "steady",
          "stellar",
          "sunny",
          "swift",
          "tidy",
          "upbeat",
          "vivid",
          "warm",
          "wise",
          "witty",
          "zesty");
  private static final List<String> NOUNS =
      List.of(
          "ant", "ape", "bass", "bat", "bear", "bee", "bird", "boar", "bug", "calf", "cat", "cod",
          "colt", "conch", "crab", "crane", "crow", "deer", "doe", "dove", "duck", "eel", "elk",
          "finch", "fish", "fox", "frog", "gnu", "goat", "gull", "hare", "hawk", "hen", "heron",
          "horse", "ibis", "jay", "kite", "koi", "lamb", "lark", "lion", "lynx", "mole", "moose",
          "moth", "mouse", "mule", "newt", "owl", "ox", "panda", "perch", "pig", "pike", "puma",
          "quail", "ram", "rat", "robin", "seal", "shark", "sheep", "shrew", "skink", "slug",
          "snail", "snake", "squid", "stag", "stork", "swan", "toad", "trout", "vole", "wasp",
          "whale", "wolf", "worm", "wren", "yak", "zebra");

  private final RandomGenerator random;

  public RunNames(RandomGenerator random) {
    this.random = random;
  }

  public String next() {
    String name = "";
    for (int attempt = 0; attempt < 10; attempt++) {
      name =
          ADJECTIVES.get(random.nextInt(ADJECTIVES.size()))
              + "-"
              + NOUNS.get(random.nextInt(NOUNS.size()))
              + "-"
              + random.nextInt(1001);
      if (name.length() <= MAX_LENGTH) {
        return name;
      }
    }
    return name.substring(0, MAX_LENGTH);
  }
}
