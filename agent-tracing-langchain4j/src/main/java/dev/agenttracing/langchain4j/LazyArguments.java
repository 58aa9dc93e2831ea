package dev.agenttracing.langchain4j;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Arguments for content recording that are only worked out if they are read:
 * agent-tracing reads them only when content is recorded, so a call with content off does
 * not convert messages or parse a tool's JSON arguments.
 *
 * @author agent-tracing
 */
final class LazyArguments extends AbstractMap<String, @Nullable Object> {

	private final Supplier<Map<String, @Nullable Object>> supplier;

	private @Nullable Map<String, @Nullable Object> arguments;

	LazyArguments(Supplier<Map<String, @Nullable Object>> supplier) {
		this.supplier = supplier;
	}

	@Override
	public Set<Entry<String, @Nullable Object>> entrySet() {
		Map<String, @Nullable Object> arguments = this.arguments;
		if (arguments == null) {
			arguments = this.supplier.get();
			this.arguments = arguments;
		}
		return arguments.entrySet();
	}

}
