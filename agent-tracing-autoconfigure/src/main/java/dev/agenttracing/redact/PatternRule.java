package dev.agenttracing.redact;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Replaces what a pattern finds, in one pass over the text. A validator can reject a
 * match (a failed Luhn or mod-97 check), and {@code group} picks the part of the match to
 * replace (the credential after {@code Bearer}, not the word itself). With
 * {@link Windows}, the pattern runs only where a match can be; without, on the whole
 * text.
 *
 * @author agent-tracing
 */
final class PatternRule implements TextRule {

	private final String label;

	private final Pattern pattern;

	private final int group;

	private final Predicate<String> validator;

	private final @Nullable Windows windows;

	PatternRule(String label, Pattern pattern, int group, Predicate<String> validator, @Nullable Windows windows) {
		this.label = label;
		this.pattern = pattern;
		this.group = group;
		this.validator = validator;
		this.windows = windows;
	}

	static PatternRule of(String label, String regex, Windows windows) {
		return new PatternRule(label, Pattern.compile(regex), 0, (match) -> true, windows);
	}

	static PatternRule of(String label, String regex, Predicate<String> validator, Windows windows) {
		return new PatternRule(label, Pattern.compile(regex), 0, validator, windows);
	}

	@Override
	public String apply(String text, Replacement replacement, Deadline deadline) {
		long window = (this.windows != null) ? this.windows.next(text, 0) : Windows.window(0, text.length());
		if (window < 0) {
			return text;
		}
		Matcher matcher = this.pattern.matcher(deadline.guard(text));
		if (this.windows != null) {
			matcher.useTransparentBounds(true).useAnchoringBounds(false);
		}
		StringBuilder out = null;
		int last = 0;
		while (window >= 0) {
			if (this.windows != null) {
				matcher.region(Windows.start(window), Windows.end(window));
			}
			while (matcher.find()) {
				int start = matcher.start(this.group);
				int end = matcher.end(this.group);
				if (start < 0 || start == end) {
					continue;
				}
				String value = text.substring(start, end);
				if (!this.validator.test(value)) {
					continue;
				}
				if (out == null) {
					out = new StringBuilder(text.length());
				}
				out.append(text, last, start);
				out.append(replacement.replace(this.label, value));
				last = end;
			}
			window = (this.windows != null) ? this.windows.next(text, Windows.end(window)) : -1;
		}
		if (out == null) {
			return text;
		}
		out.append(text, last, text.length());
		return out.toString();
	}

	@Override
	public TextRule scanningWholeText() {
		return (this.windows != null) ? new PatternRule(this.label, this.pattern, this.group, this.validator, null)
				: this;
	}

	String label() {
		return this.label;
	}

}
