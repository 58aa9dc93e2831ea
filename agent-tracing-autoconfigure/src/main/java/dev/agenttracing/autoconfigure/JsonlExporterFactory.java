package dev.agenttracing.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.util.unit.DataSize;

import dev.agenttracing.autoconfigure.AgentTracingProperties.Export.Jsonl;
import dev.agenttracing.export.jsonl.JsonlSpanExporter;

/**
 * Checks the {@code agent.tracing.export.jsonl.*} properties and builds the exporter; a value
 * that cannot work stops startup with the property's name and the fix.
 *
 * @author agent-tracing
 */
final class JsonlExporterFactory {

	private static final String PREFIX = AgentTracingProperties.PREFIX + ".export.jsonl.";

	private JsonlExporterFactory() {
	}

	static JsonlSpanExporter create(Jsonl properties) {
		Duration maxAge = properties.getMaxAge();
		if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "max-age", maxAge, "it must be positive",
					"set it to a positive duration such as 7d");
		}
		DataSize maxTotalSize = properties.getMaxTotalSize();
		if (maxTotalSize == null || maxTotalSize.toBytes() <= 0) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "max-total-size", maxTotalSize,
					"it must be positive", "set it to a positive size such as 512MB");
		}
		if (properties.getMaxFiles() <= 0) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "max-files", properties.getMaxFiles(),
					"it must be positive", "set it to a positive number such as 10000");
		}
		Path directory = properties.getDirectory().toPath().toAbsolutePath().normalize();
		try {
			JsonlSpanExporter.createDirectory(directory);
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "directory", directory,
					"the directory cannot be created (" + ex + ")",
					"point it to a directory the application may create and write, or set " + PREFIX
							+ "enabled=false");
		}
		if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "directory", directory,
					"it is not a writable directory",
					"point it to a directory the application may write, or set " + PREFIX + "enabled=false");
		}
		return JsonlSpanExporter.builder(directory).maxAge(maxAge).maxTotalSize(maxTotalSize.toBytes())
			.maxFiles(properties.getMaxFiles())
			.build();
	}

}
