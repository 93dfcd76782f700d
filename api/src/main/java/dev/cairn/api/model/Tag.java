package dev.cairn.api.model;

/** A key/value pair: run tag, experiment tag, or dataset input tag. */
public record Tag(String key, String value) {}
