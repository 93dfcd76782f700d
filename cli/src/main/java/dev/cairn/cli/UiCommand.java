package dev.cairn.cli;

import picocli.CommandLine.Command;

/** {@code cairn ui}: the same server, for local use (as {@code mlflow ui}). */
@Command(
    name = "ui",
    usageHelpAutoWidth = true,
    description = "Run the tracking server and UI locally (flags as mlflow ui).")
final class UiCommand extends ServerCommand {}
