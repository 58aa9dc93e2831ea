package dev.agenttracing.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Unreadable lines go to standard error, so that standard output stays a clean table.
 */
final class Problems {

	private Problems() {
	}

	static TraceFiles.Problems to(CommandSpec spec) {
		PrintWriter err = spec.commandLine().getErr();
		return (problem) -> {
			err.println("warning: " + problem);
			err.flush();
		};
	}

}
