package dev.agenttracing.content;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a JSON tree as compact JSON of at most {@code maxLength} characters. A tree that
 * does not fit keeps its structure: string values are cut and end with
 * {@value TreeRedaction#TRUNCATED}, elements that no longer fit are dropped and the
 * container that lost them gets a marker, so the result is always valid JSON.
 *
 * @author agent-tracing
 */
final class JsonBudget {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private static final String MARKER = "[truncated]";

	private final int maxLength;

	JsonBudget(int maxLength) {
		this.maxLength = maxLength;
	}

	String write(JsonNode node) {
		String json = node.toString();
		if (json.length() <= this.maxLength) {
			return json;
		}
		String shrunk = shrink(node, this.maxLength).toString();
		if (shrunk.length() <= this.maxLength) {
			return shrunk;
		}
		return (MARKER.length() + 2 <= this.maxLength) ? nodes.stringNode(MARKER).toString() : "null";
	}

	private static int size(JsonNode node) {
		return node.toString().length();
	}

	private JsonNode shrink(JsonNode node, int budget) {
		if (size(node) <= budget) {
			return node;
		}
		if (node.isString()) {
			return cut(node.asString(), budget);
		}
		if (node.isArray()) {
			return shrinkArray(node, budget);
		}
		if (node.isObject()) {
			return shrinkObject(node, budget);
		}
		return nodes.stringNode(MARKER);
	}

	private JsonNode shrinkArray(JsonNode node, int budget) {
		ArrayNode array = nodes.arrayNode();
		int used = 2;
		int reserve = size(nodes.stringNode(MARKER)) + 1;
		for (JsonNode element : node) {
			int comma = array.isEmpty() ? 0 : 1;
			int elementSize = size(element);
			if (used + comma + elementSize <= budget - reserve) {
				array.add(element);
				used += comma + elementSize;
				continue;
			}
			// What is kept so far leaves room for the marker; a cut element carries its
			// own.
			int room = budget - used - comma;
			if (room > reserve + 8 && elementSize > room && (element.isContainer() || element.isString())) {
				JsonNode shrunk = shrink(element, room);
				if (size(shrunk) <= room) {
					array.add(shrunk);
					return array;
				}
			}
			array.add(MARKER);
			return array;
		}
		return array;
	}

	private JsonNode shrinkObject(JsonNode node, int budget) {
		ObjectNode object = nodes.objectNode();
		int used = 2;
		int reserve = size(nodes.stringNode(MARKER)) * 2 + 2;
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			int comma = object.isEmpty() ? 0 : 1;
			int keySize = size(nodes.stringNode(property.getKey())) + 1;
			int valueSize = size(property.getValue());
			if (used + comma + keySize + valueSize <= budget - reserve) {
				object.set(property.getKey(), property.getValue());
				used += comma + keySize + valueSize;
				continue;
			}
			int room = budget - used - comma - keySize;
			JsonNode value = property.getValue();
			if (room > reserve + 8 && valueSize > room && (value.isContainer() || value.isString())) {
				JsonNode shrunk = shrink(value, room);
				if (size(shrunk) <= room) {
					object.set(property.getKey(), shrunk);
					return object;
				}
			}
			object.put(MARKER, MARKER);
			return object;
		}
		return object;
	}

	private static JsonNode cut(String text, int budget) {
		int low = 0;
		int high = text.length();
		while (low < high) {
			int mid = (low + high + 1) >>> 1;
			if (size(nodes.stringNode(prefix(text, mid) + TreeRedaction.TRUNCATED)) <= budget) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		return nodes.stringNode(prefix(text, low) + TreeRedaction.TRUNCATED);
	}

	private static String prefix(String text, int length) {
		int end = length;
		if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(0, end);
	}

}
