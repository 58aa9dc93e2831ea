package dev.agenttracing.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code agent-tracing}: agent runs from agent-tracing's JSONL trace files and from any
 * OTLP/JSON file (the Collector's file exporter output), with no backend.
 *
 * <pre>
 * java -jar agent-tracing-cli.jar list ./agent-traces --errors
 * java -jar agent-tracing-cli.jar show 3fea036fbc50032c091c3cb043752fb7
 * java -jar agent-tracing-cli.jar stats ./agent-traces
 * </pre>
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Command(name = "agent-tracing", mixinStandardHelpOptions = true, versionProvider = AgentTracingCli.Version.class,
		description = "Agent runs from agent-tracing's JSONL trace files and OTLP/JSON files.",
		subcommands = { ListCommand.class, ShowCommand.class, StatsCommand.class, HelpCommand.class })
public final class AgentTracingCli implements Runnable {

	@Spec
	private CommandSpec spec;

	@Override
	public void run() {
		this.spec.commandLine().usage(this.spec.commandLine().getOut());
	}

	/**
	 * Run a command and exit with its status: 0 done, 1 failed, 2 bad usage.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}

	/**
	 * Run a command, writing to the given streams.
	 * @param out standard output
	 * @param err standard error
	 * @param args the command line
	 * @return the exit status: 0 done, 1 failed, 2 bad usage
	 */
	public static int execute(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = commandLine();
		commandLine.setOut(out);
		commandLine.setErr(err);
		return commandLine.execute(args);
	}

	static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new AgentTracingCli());
		commandLine.setExecutionExceptionHandler((ex, line, parseResult) -> {
			line.getErr().println("agent-tracing: " + ex.getMessage());
			line.getErr().flush();
			return 1;
		});
		return commandLine;
	}

	static class Version implements IVersionProvider {

		@Override
		public String[] getVersion() throws IOException {
			Properties properties = new Properties();
			try (InputStream in = dev.agenttracing.AgentTracer.class.getResourceAsStream("version.properties")) {
				if (in != null) {
					properties.load(in);
				}
			}
			return new String[] { "agent-tracing-cli " + properties.getProperty("version", "unknown") };
		}

	}

}
