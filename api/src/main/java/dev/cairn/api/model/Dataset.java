package dev.cairn.api.model;

/** A dataset as logged with log-inputs; stored once per experiment, name and digest. */
public record Dataset(
    String name, String digest, String sourceType, String source, String schema, String profile) {}
