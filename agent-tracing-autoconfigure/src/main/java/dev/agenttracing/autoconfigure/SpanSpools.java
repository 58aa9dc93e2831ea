package dev.agenttracing.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

import dev.agenttracing.autoconfigure.AgentTracingProperties.Export.Spool;
import dev.agenttracing.export.SpanSpool;

/**
 * Opens the OTLP exporter's spool from the {@code agent.tracing.export.spool.*}
 * properties, the one place they are checked: a value that cannot work stops startup with
 * the property's name and the fix. A directory that cannot be used at runtime does not:
 * its spans are counted as dropped and the fault is logged once.
 *
 * @author agent-tracing
 */
final class SpanSpools {

	private static final String PREFIX = AgentTracingProperties.PREFIX + ".export.spool.";

	private static final String STORAGE_CLASS = "io.opentelemetry.contrib.disk.buffering.storage.impl.FileSpanStorage";

	// The library's protobuf runtime, a dependency of its own (wire-runtime-jvm for
	// Maven).
	private static final String WIRE_CLASS = "com.squareup.wire.ProtoAdapter";

	private static final DataSize MIN_SIZE = DataSize.ofKilobytes(64);

	private SpanSpools() {
	}

	/**
	 * Check the spool properties and open the spool.
	 * @param spool the properties
	 * @param classLoader the application's class loader
	 * @return the spool
	 */
	static SpanSpool create(Spool spool, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(STORAGE_CLASS, classLoader) || !ClassUtils.isPresent(WIRE_CLASS, classLoader)) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "enabled", true,
					"the spool is written with OpenTelemetry's disk-buffering library, which is not on the classpath",
					"add io.opentelemetry.contrib:opentelemetry-disk-buffering (and com.squareup.wire:wire-runtime-jvm) to the application, or set it to false");
		}
		if (spool.getDirectory() == null || spool.getDirectory().getPath().isBlank()) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "directory", spool.getDirectory(),
					"the spool needs a directory", "set it to a directory the application may write, such as ./spool");
		}
		DataSize maxSize = spool.getMaxSize();
		if (maxSize == null || maxSize.compareTo(MIN_SIZE) < 0 || maxSize.toBytes() > Integer.MAX_VALUE) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "max-size", maxSize,
					"it must be at least 64KB and at most 2GB", "set it to a size such as 64MB");
		}
		Duration maxAge = spool.getMaxAge();
		requirePositive(PREFIX + "max-age", maxAge, "18h");
		Duration resendDelay = spool.getResendDelay();
		requirePositive(PREFIX + "resend-delay", resendDelay, "10s");
		if (resendDelay.compareTo(maxAge) >= 0) {
			throw new InvalidAgentTracingPropertyException(PREFIX + "resend-delay", resendDelay,
					"spooled spans would expire before they could be sent: it must be less than " + PREFIX + "max-age ("
							+ maxAge + ")",
					"set it to a few seconds, such as 10s");
		}
		return SpanSpool.onDisk(spool.getDirectory(), maxSize.toBytes(), maxAge, resendDelay);
	}

	private static void requirePositive(String property, Duration value, String example) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidAgentTracingPropertyException(property, value, "it must be positive",
					"set it to a positive duration such as " + example);
		}
	}

}
