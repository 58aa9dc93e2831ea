package dev.agenttracing.content;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.agenttracing.redact.Redactor;

/**
 * Redacts every string, number and key of a JSON tree, and replaces the value under a
 * sensitive key whatever it holds. Returns a new tree; throws
 * {@link dev.agenttracing.redact.RedactionException} when anything cannot be redacted, so
 * the whole value is dropped.
 *
 * @author agent-tracing
 */
final class TreeRedaction {

	static final String TRUNCATED = "…[truncated]";

	// Text cut before redaction loses this many more characters after it: a value split
	// by the
	// cut (half an e-mail address) is not recognized, so it must not survive either.
	private static final int CUT_GUARD = 64;

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final Redactor.Session session;

	private final int maxTextLength;

	// Characters left to redact in this value; what comes after would not fit the budget
	// anyway.
	private int remaining;

	TreeRedaction(Redactor.Session session, int maxTextLength) {
		this.session = session;
		this.maxTextLength = maxTextLength;
		this.remaining = maxTextLength;
	}

	JsonNode redact(JsonNode node) {
		if (node.isString()) {
			return nodes.stringNode(text(node.asString()));
		}
		if (node.isNumber()) {
			String text = node.toString();
			String redacted = this.session.text(text);
			return redacted.equals(text) ? node : nodes.stringNode(redacted);
		}
		if (node.isObject()) {
			ObjectNode object = nodes.objectNode();
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				String key = property.getKey();
				JsonNode value = property.getValue();
				String safeKey = this.session.text(key);
				if (this.session.isSensitiveKey(key)) {
					String raw = value.isString() ? value.asString() : value.toString();
					object.put(safeKey, this.session.sensitiveValue(key, raw));
				}
				else {
					object.set(safeKey, redact(value));
				}
			}
			return object;
		}
		if (node.isArray()) {
			ArrayNode array = nodes.arrayNode(node.size());
			for (JsonNode element : node) {
				array.add(redact(element));
			}
			return array;
		}
		return node;
	}

	/**
	 * Redact one text. Text longer than the limit is cut before redaction (so the work
	 * stays bounded), at a word boundary, and loses a guard band after redaction.
	 * @param text the text
	 * @return the redacted text
	 */
	String text(String text) {
		if (this.remaining <= 0) {
			return TRUNCATED;
		}
		int limit = this.remaining;
		this.remaining -= text.length();
		if (text.length() <= limit) {
			return this.session.text(text);
		}
		int cut = limit;
		if (Character.isLowSurrogate(text.charAt(cut))) {
			cut--;
		}
		int boundary = cut;
		while (boundary > cut - 256 && boundary > 0 && !Character.isWhitespace(text.charAt(boundary - 1))) {
			boundary--;
		}
		if (boundary > cut - 256 && boundary > 0) {
			cut = boundary;
		}
		String redacted = this.session.text(text.substring(0, cut));
		int keep = Math.max(0, redacted.length() - CUT_GUARD);
		if (keep > 0 && Character.isHighSurrogate(redacted.charAt(keep - 1))) {
			keep--;
		}
		return redacted.substring(0, keep) + TRUNCATED;
	}

}
