package dev.cairn.api.model;

/** A run parameter; immutable once logged. */
public record Param(String key, String value) {}
