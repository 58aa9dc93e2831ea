package dev.agenttracing.content;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Turns any value into a JSON tree, never throwing. Containers and common types are
 * walked here, with cycle detection, a depth limit and a node budget; other objects go
 * through the application's Jackson mapper. What cannot be serialized (cycles, streams,
 * binary data, futures, objects Jackson rejects) becomes a short marker string such as
 * {@code "[binary: 42 bytes]"}.
 *
 * @author agent-tracing
 */
final class JsonValues {

	static final int MAX_DEPTH = 32;

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final JsonMapper mapper;

	private final int maxNodes;

	JsonValues(JsonMapper mapper, int maxNodes) {
		this.mapper = mapper.rebuild()
			.addModule(markerModule())
			.disable(SerializationFeature.INDENT_OUTPUT)
			.enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.build();
		this.maxNodes = maxNodes;
	}

	JsonMapper mapper() {
		return this.mapper;
	}

	JsonNode toTree(@Nullable Object value) {
		return new Walk().convert(value, 0);
	}

	static @Nullable String marker(Object value) {
		if (value instanceof byte[] bytes) {
			return "[binary: " + bytes.length + " bytes]";
		}
		if (value instanceof ByteBuffer buffer) {
			return "[binary: " + buffer.remaining() + " bytes]";
		}
		if (value instanceof char[]) {
			return "[char[]]";
		}
		if (value instanceof InputStream || value instanceof Reader || value instanceof OutputStream
				|| value instanceof Writer || value instanceof BaseStream || value instanceof Iterator
				|| value instanceof Buffer) {
			return "[stream: " + value.getClass().getName() + "]";
		}
		if (value instanceof Future || value instanceof CompletionStage) {
			return "[future: " + value.getClass().getName() + "]";
		}
		if (value instanceof Thread || value instanceof Class || value instanceof ClassLoader) {
			return "[" + value.getClass().getName() + "]";
		}
		return null;
	}

	private static SimpleModule markerModule() {
		SimpleModule module = new SimpleModule("agent-tracing-markers");
		for (Class<?> type : new Class<?>[] { byte[].class, char[].class, ByteBuffer.class, InputStream.class,
				Reader.class, OutputStream.class, Writer.class, BaseStream.class, Iterator.class, Future.class,
				CompletionStage.class, Thread.class, ClassLoader.class }) {
			module.addSerializer(type, new MarkerSerializer());
		}
		return module;
	}

	/**
	 * One conversion: tracks the path for cycles and the number of nodes made.
	 */
	private final class Walk {

		private final Set<Object> path = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

		private int nodeCount;

		JsonNode convert(@Nullable Object value, int depth) {
			this.nodeCount++;
			if (value == null) {
				return nodes.nullNode();
			}
			if (value instanceof CharSequence || value instanceof Character) {
				return nodes.stringNode(value.toString());
			}
			if (value instanceof Boolean bool) {
				return nodes.booleanNode(bool);
			}
			if (value instanceof Number number) {
				return number(number);
			}
			if (value instanceof Enum<?> constant) {
				return nodes.stringNode(constant.name());
			}
			if (value instanceof Optional<?> optional) {
				return convert(optional.orElse(null), depth);
			}
			String marker = marker(value);
			if (marker != null) {
				return nodes.stringNode(marker);
			}
			if (depth >= MAX_DEPTH) {
				return nodes.stringNode("[max depth: " + value.getClass().getName() + "]");
			}
			if (!this.path.add(value)) {
				return nodes.stringNode("[cycle: " + value.getClass().getName() + "]");
			}
			try {
				if (value instanceof Map<?, ?> map) {
					return map(map, depth);
				}
				if (value instanceof Collection<?> collection) {
					return array(collection, depth);
				}
				if (value.getClass().isArray()) {
					return primitiveOrObjectArray(value, depth);
				}
				if (value instanceof Iterable) {
					return nodes.stringNode("[iterable: " + value.getClass().getName() + "]");
				}
				return pojo(value);
			}
			finally {
				this.path.remove(value);
			}
		}

		private JsonNode map(Map<?, ?> map, int depth) {
			ObjectNode object = nodes.objectNode();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (this.nodeCount > JsonValues.this.maxNodes) {
					object.put("...", "[" + (map.size() - object.size()) + " more entries]");
					break;
				}
				object.set(String.valueOf(entry.getKey()), convert(entry.getValue(), depth + 1));
			}
			return object;
		}

		private JsonNode array(Collection<?> collection, int depth) {
			ArrayNode array = nodes.arrayNode();
			for (Object element : collection) {
				if (this.nodeCount > JsonValues.this.maxNodes) {
					array.add("[" + (collection.size() - array.size()) + " more elements]");
					break;
				}
				array.add(convert(element, depth + 1));
			}
			return array;
		}

		private JsonNode primitiveOrObjectArray(Object value, int depth) {
			int length = Array.getLength(value);
			ArrayNode array = nodes.arrayNode();
			for (int i = 0; i < length; i++) {
				if (this.nodeCount > JsonValues.this.maxNodes) {
					array.add("[" + (length - i) + " more elements]");
					break;
				}
				array.add(convert(Array.get(value, i), depth + 1));
			}
			return array;
		}

		private JsonNode pojo(Object value) {
			try {
				JsonNode tree = JsonValues.this.mapper.valueToTree(value);
				return (tree != null) ? tree : nodes.nullNode();
			}
			catch (Exception | StackOverflowError ex) {
				// Jackson rejects it (no properties, a cycle, a failing getter): say what
				// it was.
				return nodes.stringNode("[unserializable: " + value.getClass().getName() + "]");
			}
		}

	}

	private static JsonNode number(Number number) {
		if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
			return nodes.numberNode(number.intValue());
		}
		if (number instanceof Long) {
			return nodes.numberNode(number.longValue());
		}
		if (number instanceof Double || number instanceof Float) {
			double value = number.doubleValue();
			return (Double.isFinite(value)) ? nodes.numberNode(value) : nodes.stringNode(String.valueOf(value));
		}
		if (number instanceof BigDecimal decimal) {
			return nodes.numberNode(decimal);
		}
		if (number instanceof BigInteger integer) {
			return nodes.numberNode(integer);
		}
		return nodes.stringNode(number.toString());
	}

	/**
	 * Writes a marker string for values that have no JSON form.
	 */
	private static final class MarkerSerializer extends StdSerializer<Object> {

		MarkerSerializer() {
			super(Object.class);
		}

		@Override
		public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
			String marker = marker(value);
			generator.writeString((marker != null) ? marker : "[" + value.getClass().getName() + "]");
		}

	}

}
