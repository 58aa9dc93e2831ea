package dev.agenttracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * An agent run ({@code invoke_agent}): carries its {@link RunState} in its context, so
 * the operations inside it report their usage, cost and provider to it, and at its end
 * writes the totals to its span and adds them to the run it is nested in. Counted in
 * {@link RunsInFlight} from its start until its span has ended.
 *
 * @author agent-tracing
 */
final class AgentRunOperation extends TracedOperation {

	private final RunState state;

	/**
	 * The provider the run names (its own, the default or its parent run's); {@code null}
	 * for none.
	 */
	private final @Nullable String declaredProvider;

	AgentRunOperation(Instruments instruments, Span span, Context parent, RunState run,
			@Nullable String declaredProvider) {
		super(instruments, span, parent, GenAiAttributes.OPERATION_INVOKE_AGENT, run, false);
		this.state = run;
		this.declaredProvider = declaredProvider;
		instruments.runsInFlight().started();
	}

	@Override
	Context storeIn(Context context) {
		// Called from the base constructor: the run is the base's field there.
		RunState run = this.run;
		return (run != null) ? run.storeIn(context) : context;
	}

	@Override
	TokenUsage summarize() {
		TokenUsage totals = this.state.usage().snapshot();
		// The v1.41 invoke_agent span lists input, output and cache token counts, not
		// reasoning.
		totals.applyTo(this.span, false);
		writeCost(totals.cost());
		if (this.declaredProvider == null) {
			// Required by the conventions: a run that named none and made no LLM call
			// says so.
			this.span.setAttribute(GenAiAttributes.PROVIDER_NAME, provider());
		}
		RunState parent = this.state.parent();
		if (parent != null) {
			parent.usage().add(totals);
			parent.offerProvider(
					(this.declaredProvider != null) ? this.declaredProvider : this.state.discoveredProvider());
		}
		return totals;
	}

	/**
	 * The declared provider, else the first one an LLM call inside used, else "unknown".
	 */
	@Override
	String provider() {
		if (this.declaredProvider != null) {
			return this.declaredProvider;
		}
		String discovered = this.state.discoveredProvider();
		return (discovered != null) ? discovered : GenAiAttributes.PROVIDER_UNKNOWN;
	}

	@Override
	void afterEnd() {
		// After the span has reached every span processor: see RunsInFlight.
		this.instruments.runsInFlight().ended();
	}

}
