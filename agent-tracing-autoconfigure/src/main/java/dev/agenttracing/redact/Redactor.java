package dev.agenttracing.redact;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Redacts text before it reaches a span. Runs, in this order: the enabled built-in
 * {@link Detector detectors}, the custom rules, the sensitive-key rule and then every
 * {@link ContentRedactor}. Each step is one pass over the text.
 * <p>
 * Redaction fails closed: when a step throws or the value takes longer than the timeout,
 * the value is dropped ({@link #redact(String)} returns {@code null}; a {@link Session}
 * throws {@link RedactionException}), never passed on unredacted.
 *
 * <pre class="code">
 * Redactor redactor = Redactor.builder().mode(RedactionMode.HASH).hashKey(secret).build();
 * String safe = redactor.redact("mail me at jane@example.com"); // "mail me at [REDACTED:email:...]"
 * </pre>
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class Redactor {

	/** Keys whose values are replaced by default, whatever they hold. */
	public static final List<String> DEFAULT_SENSITIVE_KEYS = List.of("password", "passwd", "secret", "token", "apiKey",
			"accessKey", "privateKey", "authorization", "credential", "credentials", "cookie");

	/** Default of {@link RedactorBuilder#mode(RedactionMode)}. */
	public static final RedactionMode DEFAULT_MODE = RedactionMode.MASK;

	/** Default time one value may take to redact. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

	private final List<TextRule> rules;

	private final KeyRules keyRules;

	private final ContentRedactorCalls redactors;

	private final Replacement replacement;

	private final long timeoutNanos;

	private final String description;

	Redactor(RedactorBuilder builder) {
		List<TextRule> rules = new ArrayList<>();
		for (Detector detector : Detector.values()) {
			if (builder.detectors.contains(detector)) {
				rules.addAll(BuiltInDetectors.rules(detector));
			}
		}
		rules.addAll(builder.customRules);
		this.keyRules = new KeyRules(builder.sensitiveKeys);
		rules.add(this.keyRules);
		this.rules = List.copyOf(rules);
		this.redactors = new ContentRedactorCalls(builder.redactors);
		this.replacement = new Replacement(builder.mode,
				(builder.hashKey != null) ? builder.hashKey.getBytes(StandardCharsets.UTF_8) : null);
		this.timeoutNanos = builder.timeout.toNanos();
		this.description = "mode " + builder.mode.name().toLowerCase(java.util.Locale.ROOT) + ", detectors "
				+ labels(builder.detectors) + ", " + builder.customRules.size() + " custom rule(s), sensitive keys "
				+ builder.sensitiveKeys + ", " + this.redactors.count() + " ContentRedactor bean(s)";
	}

	private static List<String> labels(Set<Detector> detectors) {
		return detectors.stream().map(Detector::label).toList();
	}

	/**
	 * Start building a redactor with every detector on, mask mode and the default
	 * sensitive keys.
	 * @return a builder
	 */
	public static RedactorBuilder builder() {
		return new RedactorBuilder();
	}

	/**
	 * Redact one text, such as an exception message.
	 * @param text the text
	 * @return the redacted text, or {@code null} when it could not be redacted (drop it)
	 */
	public @Nullable String redact(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return session().text(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Start redacting one value made of several texts (a JSON document): the timeout
	 * covers all of them together.
	 * @return a new session
	 */
	public Session session() {
		return new Session(new Deadline(this.timeoutNanos));
	}

	/**
	 * Describe the redaction in force, for the startup log.
	 * @return a one-line description
	 */
	public String describe() {
		return this.description;
	}

	@Override
	public String toString() {
		return "Redactor[" + this.description + "]";
	}

	/**
	 * Redaction of one value, under one deadline. Not thread-safe.
	 */
	public final class Session {

		private final Deadline deadline;

		private Session(Deadline deadline) {
			this.deadline = deadline;
		}

		/**
		 * Redact a text.
		 * @param text the text
		 * @return the redacted text
		 * @throws RedactionException if a rule or redactor fails or time is up
		 */
		public String text(String text) {
			try {
				String result = text;
				for (TextRule rule : Redactor.this.rules) {
					this.deadline.check();
					result = rule.apply(result, Redactor.this.replacement, this.deadline);
				}
				this.deadline.check();
				result = Redactor.this.redactors.apply(result, this.deadline);
				this.deadline.check();
				return result;
			}
			catch (RedactionException ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new RedactionException("Redaction failed", ex);
			}
		}

		/**
		 * Whether the value under the given key is replaced whatever it holds.
		 * @param key a JSON key or parameter name
		 * @return whether the key is sensitive
		 */
		public boolean isSensitiveKey(String key) {
			return Redactor.this.keyRules.match(key) != null;
		}

		/**
		 * The replacement of a value under a sensitive key.
		 * @param key the key
		 * @param value the value as text (hashed in hash mode, never shown)
		 * @return the replacement
		 */
		public String sensitiveValue(String key, String value) {
			String label = Redactor.this.keyRules.match(key);
			return Redactor.this.replacement.replace((label != null) ? label : "secret", value);
		}

	}

}
