package dev.agenttracing.redact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Sensitive keys: a JSON value under a key such as {@code password} is replaced whatever it
 * holds. Keys compare case-insensitively and ignoring {@code _}, {@code -} and {@code .}; a key
 * matches when it equals a configured key or ends with it ({@code accessToken} and
 * {@code client_secret} match {@code token} and {@code secret}, {@code max_tokens} does not
 * match {@code token}). The same keys are found in free text written as {@code key=value} or
 * {@code "key": "value"}.
 *
 * @author agent-tracing
 */
final class KeyRules implements TextRule {

	private final List<String> keys;

	private final @Nullable Pattern inText;

	KeyRules(Collection<String> keys) {
		List<String> normalized = new ArrayList<>();
		List<String> alternatives = new ArrayList<>();
		for (String key : keys) {
			String n = normalize(key);
			if (!n.isEmpty()) {
				normalized.add(n);
				alternatives.add(textPattern(key));
			}
		}
		this.keys = List.copyOf(normalized);
		this.inText = alternatives.isEmpty() ? null
				: Pattern.compile("(?i)(?<![A-Za-z0-9])((?:[A-Za-z0-9]{1,32}[_.-]?)?(?:" + String.join("|", alternatives)
						+ ")(?:\\\\?[\"'])?[ \\t]{0,8}[:=][ \\t]{0,8}(?:\\\\?[\"'])?(?:(?:bearer|basic)[ \\t]{1,8})?)"
						+ "(?!\\[REDACTED|(?:bearer|basic)[ \\t])([^\\s\"',;&}\\\\]{1,512}+)");
	}

	static String normalize(String key) {
		StringBuilder out = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c != '_' && c != '-' && c != '.' && c != ' ') {
				out.append(c);
			}
		}
		return out.toString().toLowerCase(Locale.ROOT);
	}

	// apiKey, api_key and api-key are one key: split into words, allow a separator between them.
	private static String textPattern(String key) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c == '_' || c == '-' || c == '.' || c == ' ') {
				continue;
			}
			boolean wordStart = i > 0 && (Character.isUpperCase(c) || !Character.isLetterOrDigit(key.charAt(i - 1)));
			if (wordStart && out.length() > 0) {
				out.append("[_.-]?");
			}
			out.append(Pattern.quote(String.valueOf(c)));
		}
		return out.toString();
	}

	List<String> keys() {
		return this.keys;
	}

	/**
	 * The configured key that {@code key} matches, or {@code null}.
	 * @param key a JSON key or parameter name
	 * @return the matching configured key (normalized)
	 */
	@Nullable String match(String key) {
		String n = normalize(key);
		for (String candidate : this.keys) {
			if (n.endsWith(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	@Override
	public String apply(String text, Replacement replacement, Deadline deadline) {
		if (this.inText == null) {
			return text;
		}
		Matcher matcher = this.inText.matcher(deadline.guard(text));
		StringBuilder out = null;
		int last = 0;
		while (matcher.find()) {
			String keyText = matcher.group(1);
			String label = match(keyText.replaceAll("[^A-Za-z0-9]", ""));
			if (out == null) {
				out = new StringBuilder(text.length());
			}
			out.append(text, last, matcher.start(2));
			out.append(replacement.replace((label != null) ? label : "secret", matcher.group(2)));
			last = matcher.end(2);
		}
		if (out == null) {
			return text;
		}
		out.append(text, last, text.length());
		return out.toString();
	}

}
