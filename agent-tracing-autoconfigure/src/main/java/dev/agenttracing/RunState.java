package dev.agenttracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.jspecify.annotations.Nullable;

/**
 * The state of one agent run, carried in the OpenTelemetry {@link Context} while the run is
 * open so that operations inside it (tools, LLM calls, subagents) can find their run.
 *
 * @author agent-tracing
 */
final class RunState {

	private static final ContextKey<RunState> KEY = ContextKey.named("dev.agenttracing.run");

	private final String agentName;

	private final @Nullable RunState parent;

	RunState(String agentName, @Nullable RunState parent) {
		this.agentName = agentName;
		this.parent = parent;
	}

	static @Nullable RunState from(Context context) {
		return context.get(KEY);
	}

	Context storeIn(Context context) {
		return context.with(KEY, this);
	}

	String agentName() {
		return this.agentName;
	}

	boolean isNested() {
		return this.parent != null;
	}

}
