package dev.agenttracing.redact;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Builds a {@link Redactor}; {@link Redactor#builder()} starts one with every detector
 * on, {@link Redactor#DEFAULT_MODE mask mode} and the default sensitive keys.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class RedactorBuilder {

	// Read by the Redactor being built.
	final Set<Detector> detectors = EnumSet.allOf(Detector.class);

	final List<TextRule> customRules = new ArrayList<>();

	final List<String> sensitiveKeys = new ArrayList<>(Redactor.DEFAULT_SENSITIVE_KEYS);

	final List<ContentRedactor> redactors = new ArrayList<>();

	RedactionMode mode = Redactor.DEFAULT_MODE;

	@Nullable String hashKey;

	Duration timeout = Redactor.DEFAULT_TIMEOUT;

	RedactorBuilder() {
	}

	/**
	 * Use only the given detectors.
	 * @param detectors the detectors to run
	 * @return this builder
	 */
	public RedactorBuilder detectors(Collection<Detector> detectors) {
		this.detectors.clear();
		this.detectors.addAll(detectors);
		return this;
	}

	/**
	 * Add a rule that replaces what {@code pattern} finds.
	 * @param pattern the pattern
	 * @param replacement the replacement ({@code $1} refers to a group), or {@code null}
	 * for the mode's marker labelled {@code name}
	 * @param name the label of the marker when {@code replacement} is {@code null}, or
	 * {@code null} for {@code custom}
	 * @return this builder
	 */
	public RedactorBuilder rule(Pattern pattern, @Nullable String replacement, @Nullable String name) {
		Assert.notNull(pattern, "'pattern' must not be null");
		if (replacement != null) {
			this.customRules.add(new CustomRule(pattern, replacement));
		}
		else {
			String label = StringUtils.hasText(name) ? name : "custom";
			this.customRules.add(new PatternRule(label, pattern, 0, (match) -> true, null));
		}
		return this;
	}

	/**
	 * Replace the default sensitive keys.
	 * @param keys keys whose values are always replaced
	 * @return this builder
	 */
	public RedactorBuilder sensitiveKeys(Collection<String> keys) {
		this.sensitiveKeys.clear();
		this.sensitiveKeys.addAll(keys);
		return this;
	}

	/**
	 * Add redactors that run after the built-in rules, in the given order.
	 * @param redactors the redactors
	 * @return this builder
	 */
	public RedactorBuilder redactors(Collection<? extends ContentRedactor> redactors) {
		this.redactors.addAll(redactors);
		return this;
	}

	/**
	 * How detected values are replaced.
	 * @param mode the mode
	 * @return this builder
	 */
	public RedactorBuilder mode(RedactionMode mode) {
		this.mode = mode;
		return this;
	}

	/**
	 * Key of the hash in {@link RedactionMode#HASH} mode.
	 * @param hashKey the key
	 * @return this builder
	 */
	public RedactorBuilder hashKey(@Nullable String hashKey) {
		this.hashKey = hashKey;
		return this;
	}

	/**
	 * How long one value may take to redact before it is dropped.
	 * @param timeout the timeout, positive
	 * @return this builder
	 */
	public RedactorBuilder timeout(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		this.timeout = timeout;
		return this;
	}

	/**
	 * Build the redactor.
	 * @return a new redactor
	 */
	public Redactor build() {
		Assert.state(this.mode != RedactionMode.HASH || StringUtils.hasText(this.hashKey),
				"Hash mode needs a hash key");
		return new Redactor(this);
	}

}
