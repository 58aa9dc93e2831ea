package dev.agenttracing.redact;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Where in a text a detector's pattern can match, found without running the pattern.
 * Every character of a match belongs to the detector's alphabet (an e-mail address has no
 * space, a card number no letter), so every match lies inside one maximal run of alphabet
 * characters, a window; and a window can only hold a match if it passes the detector's
 * cheap test (it holds an {@code @}, enough digits, a known key prefix). The pattern then
 * runs on those windows only, with transparent bounds, so its look-behind and look-ahead
 * still see the text around the window: it finds exactly the matches it finds in the
 * whole text, and ordinary prose, which holds few windows that pass, costs one cheap pass
 * instead of a regular expression's.
 * <p>
 * Every match also holds an anchor: a literal (the {@code @} of an e-mail address), found
 * with {@link String#indexOf(String, int)}, or one of a few characters (a digit of a card
 * number). Windows are found around the anchors' occurrences, so the characters between
 * two windows are read once, by the search for the next anchor.
 *
 * @author agent-tracing
 */
final class Windows {

	private final CharSet alphabet;

	// The literal every match holds, or null when the anchor is one of several
	// characters.
	private final @Nullable String anchor;

	// The anchor's characters: searched for when there is no literal, else only checked
	// against the alphabet.
	private final CharSet anchors;

	private final Test test;

	private Windows(String alphabet, @Nullable String anchor, CharSet anchors, String anchorSpec, Test test) {
		this.alphabet = CharSet.of(alphabet);
		this.anchor = anchor;
		this.anchors = anchors;
		this.test = test;
		if ((anchors.low() & ~this.alphabet.low()) != 0 || (anchors.high() & ~this.alphabet.high()) != 0) {
			throw new IllegalArgumentException("Anchor " + anchorSpec + " must be in the alphabet " + alphabet);
		}
	}

	/**
	 * Windows that hold the given literal and pass the test.
	 * @param alphabet the characters a match may hold: single ASCII characters and ranges
	 * such as {@code a-z}; a {@code -} first or last stands for itself
	 * @param anchor a literal that every match holds
	 * @param test which windows that hold the anchor may hold a match
	 * @return the windows
	 */
	static Windows around(String alphabet, String anchor, Test test) {
		return new Windows(alphabet, anchor, CharSet.ofEach(anchor), anchor, test);
	}

	/**
	 * Windows that hold one of the given characters and pass the test.
	 * @param alphabet the characters a match may hold, as for {@link #around}
	 * @param anchors characters of which every match holds at least one, in the same form
	 * @param test which windows that hold an anchor may hold a match
	 * @return the windows
	 */
	static Windows aroundAny(String alphabet, String anchors, Test test) {
		return new Windows(alphabet, null, CharSet.of(anchors), anchors, test);
	}

	/**
	 * The next window that may hold a match.
	 * @param text the text
	 * @param from where to start looking: 0, or the end of the previous window (which is
	 * outside the alphabet or the end of the text)
	 * @return the window as {@code start << 32 | end}, or {@code -1} when there is none
	 */
	long next(String text, int from) {
		int at = nextAnchor(text, from);
		while (at >= 0) {
			int start = at;
			while (start > from && this.alphabet.contains(text.charAt(start - 1))) {
				start--;
			}
			int end = at + 1;
			while (end < text.length() && this.alphabet.contains(text.charAt(end))) {
				end++;
			}
			if (this.test.mayMatch(text, start, end)) {
				return window(start, end);
			}
			at = nextAnchor(text, end);
		}
		return -1;
	}

	private int nextAnchor(String text, int from) {
		String anchor = this.anchor;
		if (anchor != null) {
			return text.indexOf(anchor, from);
		}
		CharSet anchors = this.anchors;
		for (int i = from; i < text.length(); i++) {
			if (anchors.contains(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	static long window(int start, int end) {
		return ((long) start << 32) | end;
	}

	static int start(long window) {
		return (int) (window >>> 32);
	}

	static int end(long window) {
		return (int) window;
	}

	// Tests used by the detectors; each reads only its window.

	/**
	 * A test that passes windows holding one of the literals.
	 * @param ignoreCase whether ASCII letters compare case-insensitively, as under
	 * {@code (?i)}
	 * @param literals the literals, non-empty and starting with an ASCII character
	 * @return the test
	 */
	static Test containsAny(boolean ignoreCase, String... literals) {
		// The literals by their first character (both cases when ignoring case).
		String[][] byFirst = new String[128][];
		for (String literal : literals) {
			char first = literal.charAt(0);
			if (first >= 128) {
				throw new IllegalArgumentException("Literal " + literal + " must start with an ASCII character");
			}
			for (char c : ignoreCase ? new char[] { Character.toLowerCase(first), Character.toUpperCase(first) }
					: new char[] { first }) {
				String[] same = (byFirst[c] != null) ? byFirst[c] : new String[0];
				if (!Arrays.asList(same).contains(literal)) {
					same = Arrays.copyOf(same, same.length + 1);
					same[same.length - 1] = literal;
					byFirst[c] = same;
				}
			}
		}
		return (text, start, end) -> {
			for (int i = start; i < end; i++) {
				char c = text.charAt(i);
				String[] candidates = (c < 128) ? byFirst[c] : null;
				if (candidates != null) {
					for (String literal : candidates) {
						if (i + literal.length() <= end
								&& text.regionMatches(ignoreCase, i, literal, 0, literal.length())) {
							return true;
						}
					}
				}
			}
			return false;
		};
	}

	static int count(String text, int start, int end, char c) {
		int count = 0;
		for (int i = start; i < end; i++) {
			if (text.charAt(i) == c) {
				count++;
			}
		}
		return count;
	}

	static int digits(String text, int start, int end) {
		int count = 0;
		for (int i = start; i < end; i++) {
			if (isDigit(text.charAt(i))) {
				count++;
			}
		}
		return count;
	}

	static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	static boolean isLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	/**
	 * A set of ASCII characters.
	 */
	private record CharSet(long low, long high) {

		static CharSet of(String characters) {
			long low = 0;
			long high = 0;
			for (int i = 0; i < characters.length(); i++) {
				char from = characters.charAt(i);
				char to = from;
				if (i + 2 < characters.length() && characters.charAt(i + 1) == '-') {
					to = characters.charAt(i + 2);
					i += 2;
				}
				if (from > to || to > 127) {
					throw new IllegalArgumentException("Bad character set " + characters);
				}
				for (char c = from; c <= to; c++) {
					if (c < 64) {
						low |= 1L << c;
					}
					else {
						high |= 1L << (c - 64);
					}
				}
			}
			return new CharSet(low, high);
		}

		static CharSet ofEach(@Nullable String characters) {
			long low = 0;
			long high = 0;
			for (int i = 0; characters != null && i < characters.length(); i++) {
				char c = characters.charAt(i);
				if (c < 64) {
					low |= 1L << c;
				}
				else {
					high |= (c < 128) ? 1L << (c - 64) : -1L;
				}
			}
			return new CharSet(low, high);
		}

		boolean contains(char c) {
			if (c < 64) {
				return (this.low & (1L << c)) != 0;
			}
			return c < 128 && (this.high & (1L << (c - 64))) != 0;
		}

	}

	/**
	 * Which windows may hold a match.
	 */
	@FunctionalInterface
	interface Test {

		/** Passes every window. */
		Test ANY = (text, start, end) -> true;

		/**
		 * Whether {@code text[start, end)}, a maximal run of alphabet characters, may
		 * hold a match. Must never answer {@code false} for a window that holds one.
		 * @param text the text
		 * @param start the window's first character
		 * @param end the index after the window's last character
		 * @return whether the pattern must run on the window
		 */
		boolean mayMatch(String text, int start, int end);

	}

}
