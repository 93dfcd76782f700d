package dev.cairn.api.model;

import java.util.List;

/** Latest metric values, params and tags of a run. */
public record RunData(List<Metric> metrics, List<Param> params, List<Tag> tags) {}
