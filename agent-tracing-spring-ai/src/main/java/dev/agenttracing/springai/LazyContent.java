package dev.agenttracing.springai;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Content arguments for {@code AgentTracer.startLlmCall} / {@code startTool} that are
 * built only when agent-tracing reads them, that is when the operation records content: a
 * call without content recording costs no message shaping or JSON parsing.
 *
 * @author agent-tracing
 */
final class LazyContent extends AbstractMap<String, @Nullable Object> {

	private final Supplier<Map<String, @Nullable Object>> content;

	private @Nullable Map<String, @Nullable Object> built;

	LazyContent(Supplier<Map<String, @Nullable Object>> content) {
		this.content = content;
	}

	@Override
	public Set<Entry<String, @Nullable Object>> entrySet() {
		Map<String, @Nullable Object> built = this.built;
		if (built == null) {
			built = this.content.get();
			this.built = built;
		}
		return built.entrySet();
	}

}
