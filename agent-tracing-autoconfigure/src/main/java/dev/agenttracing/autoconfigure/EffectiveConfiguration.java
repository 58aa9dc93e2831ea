package dev.agenttracing.autoconfigure;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.core.env.Environment;

/**
 * What agent-tracing and Boot are configured to do with spans, for the actuator endpoint.
 * Never holds a secret: OTLP header values are left out (only their names are listed),
 * and the endpoint loses any user info and query. Boot's settings are read from Boot's
 * own properties classes (its bound beans, or bound here when Boot did not create them),
 * so Boot's defaults are never copied.
 *
 * @author agent-tracing
 */
final class EffectiveConfiguration {

	private EffectiveConfiguration() {
	}

	static Map<String, Object> describe(Environment environment, BeanFactory beanFactory,
			AgentTracingProperties properties) {
		TracingProperties tracing = BootProperties.get(beanFactory, environment, "management.tracing",
				TracingProperties.class);
		OpenTelemetryTracingProperties openTelemetry = BootProperties.get(beanFactory, environment,
				"management.opentelemetry.tracing", OpenTelemetryTracingProperties.class);
		OtlpTracingProperties otlpProperties = BootProperties.get(beanFactory, environment,
				"management.opentelemetry.tracing.export.otlp", OtlpTracingProperties.class);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("enabled", properties.isEnabled());
		result.put("exportEnabled", environment.getProperty("management.tracing.export.enabled", Boolean.class, true));
		Map<String, Object> sampling = new LinkedHashMap<>();
		sampling.put("sampler", lowerCase(openTelemetry.getSampler()));
		sampling.put("probability", tracing.getSampling().getProbability());
		sampling.put("agentRunProbability", properties.getSampling().getProbability());
		sampling.put("recordFailedRuns", properties.getSampling().isRecordFailedRuns());
		result.put("sampling", sampling);
		Map<String, Object> content = new LinkedHashMap<>();
		AgentTracingProperties.Content contentProperties = properties.getContent();
		content.put("recording", contentProperties.isEnabled());
		content.put("maxLength", contentProperties.getMaxLength());
		// Redaction always runs (exception messages are redacted even with content off).
		content.put("redactionMode", contentProperties.getRedaction().getMode().name().toLowerCase(Locale.ROOT));
		content.put("disabledDetectors",
				contentProperties.getRedaction()
					.getDetectors()
					.entrySet()
					.stream()
					.filter((entry) -> !Boolean.TRUE.equals(entry.getValue()))
					.map((entry) -> entry.getKey().name())
					.toList());
		content.put("customRules", contentProperties.getRedaction().getRules().size());
		result.put("content", content);
		Map<String, Object> batch = new LinkedHashMap<>();
		OpenTelemetryTracingProperties.Export export = openTelemetry.getExport();
		batch.put("maxQueueSize", export.getMaxQueueSize());
		batch.put("maxBatchSize", export.getMaxBatchSize());
		batch.put("scheduleDelay", String.valueOf(export.getScheduleDelay()));
		batch.put("timeout", String.valueOf(export.getTimeout()));
		result.put("batch", batch);
		String endpoint = otlpProperties.getEndpoint();
		Map<String, Object> otlp = new LinkedHashMap<>();
		// An export switch is a condition of Boot's (enabled unless set to false), not a
		// property.
		otlp.put("enabled", endpoint != null
				&& environment.getProperty("management.tracing.export.otlp.enabled", Boolean.class, true));
		otlp.put("endpoint", withoutSecrets(endpoint));
		otlp.put("transport", lowerCase(otlpProperties.getTransport()));
		otlp.put("compression", lowerCase(otlpProperties.getCompression()));
		otlp.put("timeout", String.valueOf(otlpProperties.getTimeout()));
		otlp.put("connectTimeout", String.valueOf(otlpProperties.getConnectTimeout()));
		otlp.put("headers", otlpProperties.getHeaders().keySet().stream().sorted().toList());
		result.put("otlp", otlp);
		AgentTracingProperties.Export.Jsonl jsonl = properties.getExport().getJsonl();
		Map<String, Object> files = new LinkedHashMap<>();
		files.put("enabled", jsonl.isEnabled());
		files.put("directory", jsonl.getDirectory().toPath().toAbsolutePath().normalize().toString());
		files.put("maxAge", String.valueOf(jsonl.getMaxAge()));
		files.put("maxTotalSize", String.valueOf(jsonl.getMaxTotalSize()));
		files.put("maxFiles", jsonl.getMaxFiles());
		result.put("jsonl", files);
		AgentTracingProperties.Export.Spool spool = properties.getExport().getSpool();
		Map<String, Object> spooling = new LinkedHashMap<>();
		spooling.put("enabled", spool.isEnabled());
		if (spool.isEnabled()) {
			spooling.put("directory", spool.getDirectory().toPath().toAbsolutePath().normalize().toString());
			spooling.put("maxSize", String.valueOf(spool.getMaxSize()));
			spooling.put("maxAge", String.valueOf(spool.getMaxAge()));
			spooling.put("resendDelay", String.valueOf(spool.getResendDelay()));
		}
		result.put("spool", spooling);
		result.put("log", Map.of("enabled", properties.getExport().getLog().isEnabled()));
		result.put("shutdown", Map.of("flushTimeout", String.valueOf(properties.getShutdown().getFlushTimeout())));
		return result;
	}

	private static @Nullable String lowerCase(@Nullable Enum<?> value) {
		return (value != null) ? value.name().toLowerCase(Locale.ROOT).replace('_', '-') : null;
	}

	static @Nullable String withoutSecrets(@Nullable String endpoint) {
		if (endpoint == null) {
			return null;
		}
		try {
			URI uri = URI.create(endpoint);
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (Exception ex) {
			return "******";
		}
	}

}
