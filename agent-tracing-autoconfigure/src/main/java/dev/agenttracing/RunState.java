package dev.agenttracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.jspecify.annotations.Nullable;

/**
 * The state of one agent run, carried in the OpenTelemetry {@link Context} while the run
 * is open so that operations inside it (tools, LLM calls, subagents) can find their run
 * and report token usage, cost and the provider to it.
 *
 * @author agent-tracing
 */
final class RunState {

	private static final ContextKey<RunState> KEY = ContextKey.named("dev.agenttracing.run");

	private final @Nullable RunState parent;

	private final TokenUsage usage = new TokenUsage();

	private volatile @Nullable String discoveredProvider;

	private final boolean recordsContent;

	private final @Nullable String declaredProvider;

	RunState(@Nullable RunState parent, boolean recordsContent, @Nullable String declaredProvider) {
		this.parent = parent;
		this.recordsContent = recordsContent;
		this.declaredProvider = declaredProvider;
	}

	static @Nullable RunState from(Context context) {
		return context.get(KEY);
	}

	Context storeIn(Context context) {
		return context.with(KEY, this);
	}

	/** Whether operations in this run record their content. */
	boolean recordsContent() {
		return this.recordsContent;
	}

	boolean isNested() {
		return this.parent != null;
	}

	@Nullable RunState parent() {
		return this.parent;
	}

	TokenUsage usage() {
		return this.usage;
	}

	/** Remember the first provider an LLM call in this run used. */
	void offerProvider(@Nullable String provider) {
		if (provider != null && this.discoveredProvider == null) {
			this.discoveredProvider = provider;
		}
	}

	@Nullable String discoveredProvider() {
		return this.discoveredProvider;
	}

	/**
	 * The provider this run names (its own, the default, or the one it took from its
	 * parent run), else the first one an LLM call inside it used so far.
	 */
	@Nullable String provider() {
		return (this.declaredProvider != null) ? this.declaredProvider : this.discoveredProvider;
	}

}
