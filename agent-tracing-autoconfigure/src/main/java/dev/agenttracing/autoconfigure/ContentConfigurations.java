package dev.agenttracing.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.content.ContentRecorderBuilder;
import dev.agenttracing.redact.ContentRedactor;
import dev.agenttracing.redact.Detector;
import dev.agenttracing.redact.RedactionMode;
import dev.agenttracing.redact.Redactor;
import dev.agenttracing.redact.RedactorBuilder;

/**
 * Builds the {@link Redactor} from {@code agent.tracing.content.*}, checking every value
 * first so that a bad one stops startup with a message naming the property.
 *
 * @author agent-tracing
 */
final class ContentConfigurations {

	static final String PREFIX = AgentTracingProperties.PREFIX + ".content";

	static final int MIN_HASH_KEY_LENGTH = 16;

	private ContentConfigurations() {
	}

	static Redactor redactor(AgentTracingProperties.Content content, List<ContentRedactor> redactors) {
		AgentTracingProperties.Content.Redaction redaction = content.getRedaction();
		String prefix = PREFIX + ".redaction";
		if (redaction.getMode() == RedactionMode.HASH) {
			String key = redaction.getHashKey();
			if (!StringUtils.hasText(key) || key.length() < MIN_HASH_KEY_LENGTH) {
				throw new InvalidAgentTracingPropertyException(prefix + ".hash-key", null,
						"hash mode needs a secret key of at least " + MIN_HASH_KEY_LENGTH + " characters",
						"set it from an environment variable or secret store (AGENT_TRACING_CONTENT_REDACTION_HASHKEY),"
								+ " or use mode 'mask'.");
			}
		}
		List<Detector> detectors = new ArrayList<>();
		for (Detector detector : Detector.values()) {
			if (!Boolean.FALSE.equals(redaction.getDetectors().get(detector))) {
				detectors.add(detector);
			}
		}
		List<String> keys = redaction.getKeys();
		for (int i = 0; i < keys.size(); i++) {
			if (!StringUtils.hasText(keys.get(i))) {
				throw new InvalidAgentTracingPropertyException(prefix + ".keys[" + i + "]", keys.get(i),
						"a sensitive key must not be empty", "remove the empty entry.");
			}
		}
		RedactorBuilder builder = Redactor.builder()
			.mode(redaction.getMode())
			.hashKey(redaction.getHashKey())
			.detectors(detectors)
			.sensitiveKeys(keys)
			.redactors(redactors);
		PropertyFailures.apply(prefix + ".timeout", redaction.getTimeout(), "set a positive duration such as 100ms.",
				() -> builder.timeout(redaction.getTimeout()));
		List<AgentTracingProperties.Content.Redaction.Rule> rules = redaction.getRules();
		for (int i = 0; i < rules.size(); i++) {
			AgentTracingProperties.Content.Redaction.Rule rule = rules.get(i);
			builder.rule(compile(prefix + ".rules[" + i + "].pattern", rule.getPattern()), rule.getReplacement(),
					rule.getName());
		}
		return builder.build();
	}

	static ContentRecorderBuilder recorder(AgentTracingProperties.Content content, Redactor redactor) {
		ContentRecorderBuilder builder = ContentRecorder.builder(redactor).enabled(content.isEnabled());
		return PropertyFailures.apply(PREFIX + ".max-length", content.getMaxLength(),
				"set a size budget such as 16384.", () -> builder.maxLength(content.getMaxLength()));
	}

	private static Pattern compile(String property, @Nullable String pattern) {
		if (!StringUtils.hasLength(pattern)) {
			throw new InvalidAgentTracingPropertyException(property, pattern, "a rule needs a pattern",
					"set a regular expression or remove the rule.");
		}
		try {
			return Pattern.compile(pattern);
		}
		catch (PatternSyntaxException ex) {
			throw new InvalidAgentTracingPropertyException(property, pattern, "it is not a valid regular expression ("
					+ ex.getDescription() + " near index " + ex.getIndex() + ")",
					"fix the regular expression (java.util.regex syntax).");
		}
	}

}
