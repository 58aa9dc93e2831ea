package dev.agenttracing.redact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces PEM private key blocks from the BEGIN line through the matching END line, or
 * to the end of the text when the END line is missing (a truncated key is still a key).
 * The END line is found with {@code indexOf}, so the rule stays linear whatever the body
 * holds.
 *
 * @author agent-tracing
 */
final class PrivateKeyRule implements TextRule {

	private static final Pattern BEGIN = Pattern.compile("-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY-----");

	private static final String END = "PRIVATE KEY-----";

	@Override
	public String apply(String text, Replacement replacement, Deadline deadline) {
		if (text.indexOf("-----BEGIN") < 0) {
			return text;
		}
		Matcher matcher = BEGIN.matcher(deadline.guard(text));
		StringBuilder out = null;
		int last = 0;
		int from = 0;
		while (from < text.length() && matcher.find(from)) {
			int start = matcher.start();
			int endLine = text.indexOf("-----END", matcher.end());
			int end = text.length();
			if (endLine >= 0) {
				int endMarker = text.indexOf(END, endLine);
				end = (endMarker >= 0) ? endMarker + END.length() : text.length();
			}
			if (out == null) {
				out = new StringBuilder(text.length());
			}
			out.append(text, last, start);
			out.append(replacement.replace(Detector.PRIVATE_KEY.label(), text.substring(start, end)));
			last = end;
			from = end;
		}
		if (out == null) {
			return text;
		}
		out.append(text, last, text.length());
		return out.toString();
	}

}
