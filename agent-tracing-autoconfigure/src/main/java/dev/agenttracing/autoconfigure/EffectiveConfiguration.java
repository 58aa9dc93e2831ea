package dev.agenttracing.autoconfigure;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What agent-tracing and Boot are configured to do with spans, for the actuator endpoint.
 * Never holds a secret: OTLP header values are left out (only their names are listed), and the
 * endpoint loses any user info and query.
 *
 * @author agent-tracing
 */
final class EffectiveConfiguration {

	private static final String OTLP = "management.opentelemetry.tracing.export.otlp.";

	private static final String BATCH = "management.opentelemetry.tracing.export.";

	private EffectiveConfiguration() {
	}

	static Map<String, Object> describe(Environment environment, AgentTracingProperties properties) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("enabled", properties.isEnabled());
		result.put("exportEnabled", environment.getProperty("management.tracing.export.enabled", Boolean.class, true));
		Map<String, Object> sampling = new LinkedHashMap<>();
		sampling.put("sampler", environment.getProperty("management.opentelemetry.tracing.sampler",
				"parent-based-trace-id-ratio"));
		sampling.put("probability",
				environment.getProperty("management.tracing.sampling.probability", Float.class, 0.1f));
		sampling.put("agentRunProbability", properties.getSampling().getProbability());
		sampling.put("recordFailedRuns", properties.getSampling().isRecordFailedRuns());
		result.put("sampling", sampling);
		Map<String, Object> content = new LinkedHashMap<>();
		AgentTracingProperties.Content contentProperties = properties.getContent();
		content.put("recording", contentProperties.isEnabled());
		content.put("maxLength", contentProperties.getMaxLength());
		// Redaction always runs (exception messages are redacted even with content off).
		content.put("redactionMode", contentProperties.getRedaction().getMode().name().toLowerCase(Locale.ROOT));
		content.put("disabledDetectors", contentProperties.getRedaction()
			.getDetectors()
			.entrySet()
			.stream()
			.filter((entry) -> !Boolean.TRUE.equals(entry.getValue()))
			.map((entry) -> entry.getKey().name())
			.toList());
		content.put("customRules", contentProperties.getRedaction().getRules().size());
		result.put("content", content);
		Map<String, Object> batch = new LinkedHashMap<>();
		batch.put("maxQueueSize", environment.getProperty(BATCH + "max-queue-size", Integer.class, 2048));
		batch.put("maxBatchSize", environment.getProperty(BATCH + "max-batch-size", Integer.class, 512));
		batch.put("scheduleDelay", environment.getProperty(BATCH + "schedule-delay", "5s"));
		batch.put("timeout", environment.getProperty(BATCH + "timeout", "30s"));
		result.put("batch", batch);
		String endpoint = environment.getProperty(OTLP + "endpoint");
		Map<String, Object> otlp = new LinkedHashMap<>();
		otlp.put("enabled", endpoint != null
				&& environment.getProperty("management.tracing.export.otlp.enabled", Boolean.class, true));
		otlp.put("endpoint", withoutSecrets(endpoint));
		otlp.put("transport", environment.getProperty(OTLP + "transport", "http"));
		otlp.put("compression", environment.getProperty(OTLP + "compression", "none"));
		otlp.put("timeout", environment.getProperty(OTLP + "timeout", "10s"));
		otlp.put("connectTimeout", environment.getProperty(OTLP + "connect-timeout", "10s"));
		otlp.put("headers", Binder.get(environment)
			.bind(OTLP + "headers", Bindable.mapOf(String.class, String.class))
			.map((headers) -> headers.keySet().stream().sorted().toList())
			.orElse(java.util.List.of()));
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
