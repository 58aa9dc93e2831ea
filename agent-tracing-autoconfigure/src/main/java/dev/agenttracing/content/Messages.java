package dev.agenttracing.content;

import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shapes values as the GenAI conventions' messages: {@code [{"role", "parts": [...]}]},
 * with {@code finish_reason} on output messages, and system instructions as a bare array
 * of parts. A text becomes one text part; an object or list that already looks like a
 * chat message ({@code role} and {@code content}, {@code text} or {@code parts}) keeps
 * its role; anything else becomes a text part holding its JSON.
 *
 * @author agent-tracing
 */
final class Messages {

	static final String FINISH_REASON_STOP = "stop";

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private Messages() {
	}

	static ArrayNode messages(JsonNode value, String defaultRole, boolean output) {
		return messages(value, defaultRole, output ? FINISH_REASON_STOP : null);
	}

	/**
	 * Shape a value as messages.
	 * @param value the redacted value
	 * @param defaultRole role of messages that do not name one
	 * @param finishReason finish reason of output messages that do not name one, or
	 * {@code null} for input messages
	 * @return the messages
	 */
	static ArrayNode messages(JsonNode value, String defaultRole,
			@org.jspecify.annotations.Nullable String finishReason) {
		boolean output = finishReason != null;
		ArrayNode messages = nodes.arrayNode();
		if (value.isNull() || value.isMissingNode()) {
			return messages;
		}
		if (value.isArray() && !value.isEmpty() && allMessageLike(value)) {
			for (JsonNode element : value) {
				messages.add(message(element, defaultRole, finishReason));
			}
			return messages;
		}
		if (isMessageLike(value)) {
			messages.add(message(value, defaultRole, finishReason));
			return messages;
		}
		ObjectNode message = messages.addObject();
		message.put("role", defaultRole);
		message.set("parts", nodes.arrayNode().add(textPart(value)));
		if (output) {
			message.put("finish_reason", finishReason);
		}
		return messages;
	}

	static ArrayNode parts(JsonNode value) {
		ArrayNode parts = nodes.arrayNode();
		if (value.isNull() || value.isMissingNode()) {
			return parts;
		}
		if (value.isArray()) {
			for (JsonNode element : value) {
				parts.add(part(element));
			}
			return parts;
		}
		return parts.add(part(value));
	}

	private static boolean allMessageLike(JsonNode array) {
		for (JsonNode element : array) {
			if (!isMessageLike(element)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isMessageLike(JsonNode node) {
		return node.isObject() && node.path("role").isString()
				&& (node.has("parts") || node.has("content") || node.has("text"));
	}

	private static ObjectNode message(JsonNode source, String defaultRole,
			@org.jspecify.annotations.Nullable String finishReason) {
		ObjectNode message = nodes.objectNode();
		String role = source.path("role").asString(defaultRole).toLowerCase(Locale.ROOT);
		message.put("role", role);
		JsonNode content = source.has("parts") ? source.get("parts")
				: source.has("content") ? source.get("content") : source.get("text");
		message.set("parts", parts(content));
		if (source.path("name").isString()) {
			message.put("name", source.get("name").asString());
		}
		if (finishReason != null) {
			JsonNode reason = source.has("finish_reason") ? source.get("finish_reason") : source.path("finishReason");
			message.put("finish_reason", reason.isString() ? reason.asString() : finishReason);
		}
		return message;
	}

	// A part that already has a type is kept; OpenAI's {"type":"text","text":...} gets
	// "content".
	private static JsonNode part(JsonNode value) {
		if (value.isObject() && value.path("type").isString()) {
			if ("text".equals(value.get("type").asString()) && !value.has("content") && value.has("text")) {
				ObjectNode part = nodes.objectNode();
				part.put("type", "text");
				part.set("content", value.get("text"));
				return part;
			}
			return value;
		}
		return textPart(value);
	}

	static ObjectNode textPart(JsonNode value) {
		ObjectNode part = nodes.objectNode();
		part.put("type", "text");
		part.put("content", value.isString() ? value.asString() : value.toString());
		return part;
	}

}
