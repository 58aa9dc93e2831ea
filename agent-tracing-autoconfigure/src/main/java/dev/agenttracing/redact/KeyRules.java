package dev.agenttracing.redact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Sensitive keys: a JSON value under a key such as {@code password} is replaced whatever
 * it holds. Keys compare case-insensitively and ignoring {@code _}, {@code -} and
 * {@code .}; a key matches when it equals a configured key or ends with it
 * ({@code accessToken} and {@code client_secret} match {@code token} and {@code secret},
 * {@code max_tokens} does not match {@code token}). The same keys are found in free text
 * written as {@code key=value} or {@code "key": "value"}.
 * <p>
 * In text, a match has a {@code :} or {@code =} right after its key, at most a quote and
 * eight blanks away. The pattern runs only around the separators that the last word of a
 * key ({@code key} for {@code apiKey}, case-insensitively) closes, over windows wide
 * enough for any match around them and with transparent bounds, so it finds what it finds
 * in the whole text; text without such a separator is not scanned.
 *
 * @author agent-tracing
 */
final class KeyRules implements TextRule {

	// What a match can hold after its separator: blanks, a quote, a scheme and its
	// blanks, the value.
	private static final int AFTER_SEPARATOR = 8 + 2 + 6 + 8 + 512;

	private final List<String> keys;

	private final @Nullable Pattern inText;

	// The last word of each key (apiKey: key), which every match holds right before the
	// separator.
	private final List<String> lastWords;

	// How far before its separator a match can start: a prefix word, the key, a quote,
	// blanks.
	private final int beforeSeparator;

	private final boolean wholeText;

	KeyRules(Collection<String> keys) {
		List<String> normalized = new ArrayList<>();
		List<String> alternatives = new ArrayList<>();
		List<String> lastWords = new ArrayList<>();
		int longest = 0;
		for (String key : keys) {
			String n = normalize(key);
			if (!n.isEmpty()) {
				normalized.add(n);
				alternatives.add(textPattern(key));
				lastWords.add(lastWord(key));
				// A key matches at most two characters per character: itself and a
				// separator.
				longest = Math.max(longest, 2 * key.length());
			}
		}
		this.keys = List.copyOf(normalized);
		this.lastWords = List.copyOf(lastWords);
		this.beforeSeparator = 32 + 1 + longest + 2 + 8;
		this.wholeText = false;
		this.inText = alternatives.isEmpty() ? null
				: Pattern.compile("(?i)(?<![A-Za-z0-9])((?:[A-Za-z0-9]{1,32}[_.-]?)?(?:"
						+ String.join("|", alternatives)
						+ ")(?:\\\\?[\"'])?[ \\t]{0,8}[:=][ \\t]{0,8}(?:\\\\?[\"'])?(?:(?:bearer|basic)[ \\t]{1,8})?)"
						+ "(?!\\[REDACTED|(?:bearer|basic)[ \\t])([^\\s\"',;&}\\\\]{1,512}+)");
	}

	private KeyRules(KeyRules rules) {
		this.keys = rules.keys;
		this.inText = rules.inText;
		this.lastWords = rules.lastWords;
		this.beforeSeparator = rules.beforeSeparator;
		this.wholeText = true;
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

	// apiKey, api_key and api-key are one key: split into words, allow a separator
	// between them.
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

	// The characters of the key's pattern after its last word break (see textPattern).
	private static String lastWord(String key) {
		StringBuilder word = new StringBuilder();
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c == '_' || c == '-' || c == '.' || c == ' ') {
				continue;
			}
			boolean wordStart = i > 0 && (Character.isUpperCase(c) || !Character.isLetterOrDigit(key.charAt(i - 1)));
			if (wordStart) {
				word.setLength(0);
			}
			word.append(c);
		}
		return word.toString();
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
		int[] windows = this.wholeText ? new int[] { 0, text.length() } : windows(text);
		if (windows.length == 0) {
			return text;
		}
		Matcher matcher = this.inText.matcher(deadline.guard(text));
		matcher.useTransparentBounds(true).useAnchoringBounds(false);
		StringBuilder out = null;
		int last = 0;
		for (int w = 0; w < windows.length; w += 2) {
			matcher.region(windows[w], windows[w + 1]);
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
		}
		if (out == null) {
			return text;
		}
		out.append(text, last, text.length());
		return out.toString();
	}

	@Override
	public TextRule scanningWholeText() {
		return new KeyRules(this);
	}

	/**
	 * The windows that hold every match: around each separator that a key's last word
	 * closes before, from as far before it as a match can start to as far after it as a
	 * match can end; overlapping windows are merged, so no match is found twice.
	 * @return start and end of each window, in order
	 */
	private int[] windows(String text) {
		int[] windows = new int[0];
		int count = 0;
		int length = text.length();
		int colon = text.indexOf(':');
		int equals = text.indexOf('=');
		while (colon >= 0 || equals >= 0) {
			int p;
			if (equals < 0 || (colon >= 0 && colon < equals)) {
				p = colon;
				colon = text.indexOf(':', p + 1);
			}
			else {
				p = equals;
				equals = text.indexOf('=', p + 1);
			}
			if (keyCloses(text, p)) {
				int start = Math.max(0, p - this.beforeSeparator);
				int end = (int) Math.min(length, (long) p + 1 + AFTER_SEPARATOR);
				if (count > 0 && start <= windows[count - 1]) {
					windows[count - 1] = Math.max(windows[count - 1], end);
				}
				else {
					if (count == windows.length) {
						windows = Arrays.copyOf(windows, Math.max(4, count * 2));
					}
					windows[count++] = start;
					windows[count++] = end;
				}
			}
		}
		return (count == windows.length) ? windows : Arrays.copyOf(windows, count);
	}

	// Whether a key can end before the separator at p: up to eight blanks, then
	// optionally a
	// quote (escaped or not), and before that the last word of a key, case-insensitively.
	private boolean keyCloses(String text, int p) {
		for (int blanks = 0; blanks <= 8 && p - blanks >= 0; blanks++) {
			int end = p - blanks;
			if (endsWithLastWord(text, end)) {
				return true;
			}
			if (end > 0 && (text.charAt(end - 1) == '"' || text.charAt(end - 1) == '\'')) {
				if (endsWithLastWord(text, end - 1)
						|| (end > 1 && text.charAt(end - 2) == '\\' && endsWithLastWord(text, end - 2))) {
					return true;
				}
			}
			if (end == 0 || (text.charAt(end - 1) != ' ' && text.charAt(end - 1) != '\t')) {
				return false;
			}
		}
		return false;
	}

	private boolean endsWithLastWord(String text, int end) {
		for (String word : this.lastWords) {
			if (end >= word.length() && text.regionMatches(true, end - word.length(), word, 0, word.length())) {
				return true;
			}
		}
		return false;
	}

}
