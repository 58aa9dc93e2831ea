package dev.agenttracing.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.util.unit.DataSize;

import dev.agenttracing.autoconfigure.AgentTracingProperties.Export.Jsonl;
import dev.agenttracing.export.jsonl.JsonlSpanExporter;
import dev.agenttracing.export.jsonl.JsonlSpanExporterBuilder;

/**
 * Checks the {@code agent.tracing.export.jsonl.*} properties and builds the exporter; a
 * value that cannot work stops startup with the property's name and the fix.
 *
 * @author agent-tracing
 */
final class JsonlExporterFactory {

	private static final String PREFIX = AgentTracingProperties.PREFIX + ".export.jsonl.";

	private JsonlExporterFactory() {
	}

	static JsonlSpanExporter create(Jsonl properties) {
		Path directory = properties.getDirectory().toPath().toAbsolutePath().normalize();
		JsonlSpanExporterBuilder builder = JsonlSpanExporter.builder(directory);
		Duration maxAge = properties.getMaxAge();
		PropertyFailures.apply(PREFIX + "max-age", maxAge, "set it to a positive duration such as 7d",
				() -> builder.maxAge(maxAge));
		DataSize maxTotalSize = properties.getMaxTotalSize();
		PropertyFailures.apply(PREFIX + "max-total-size", maxTotalSize, "set it to a positive size such as 512MB",
				() -> builder.maxTotalSize((maxTotalSize != null) ? maxTotalSize.toBytes() : 0));
		PropertyFailures.apply(PREFIX + "max-files", properties.getMaxFiles(),
				"set it to a positive number such as 10000", () -> builder.maxFiles(properties.getMaxFiles()));
		try {
			JsonlSpanExporter.createDirectory(directory);
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "directory", directory,
					"the directory cannot be created (" + ex + ")",
					"point it to a directory the application may create and write, or set " + PREFIX + "enabled=false");
		}
		if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "directory", directory,
					"it is not a writable directory",
					"point it to a directory the application may write, or set " + PREFIX + "enabled=false");
		}
		return builder.build();
	}

}
