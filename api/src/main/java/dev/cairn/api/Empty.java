package dev.cairn.api;

/** The empty request or response message; renders as {@code {}}. */
public record Empty() {
  public static final Empty INSTANCE = new Empty();
}
