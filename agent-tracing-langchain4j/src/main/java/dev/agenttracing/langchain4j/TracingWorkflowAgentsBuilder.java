package dev.agenttracing.langchain4j;

import java.util.ServiceLoader;

import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.planner.AgenticService;
import dev.langchain4j.agentic.workflow.ConditionalAgentService;
import dev.langchain4j.agentic.workflow.LoopAgentService;
import dev.langchain4j.agentic.workflow.ParallelAgentService;
import dev.langchain4j.agentic.workflow.ParallelMapperService;
import dev.langchain4j.agentic.workflow.SequentialAgentService;
import dev.langchain4j.agentic.workflow.WorkflowAgentsBuilder;
import dev.langchain4j.agentic.workflow.impl.WorkflowAgentsBuilderImpl;
import org.jspecify.annotations.Nullable;

/**
 * Puts {@link AgentTracingAgentListener#automatic() agent-tracing's listener} on every
 * langchain4j-agentic workflow (sequence, parallel, loop, conditional, parallel mapper,
 * and the declarative ones built from them), so that a workflow is one run with its
 * agents as subagents with no code. langchain4j-agentic loads its
 * {@code WorkflowAgentsBuilder} with a {@code ServiceLoader}, taking the first it finds;
 * this one, registered in {@code META-INF/services}, hands out the builders of the next
 * one on the class path, or of langchain4j-agentic's own, and only adds the listener
 * while a tracer is installed or expected (like {@link TracingAiServiceContextFactory}).
 * When another library's builder is found first, workflows need the listener by hand.
 * {@code AgenticWorkflowTracingTests} fails when langchain4j-agentic stops loading
 * workflow builders this way.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class TracingWorkflowAgentsBuilder implements WorkflowAgentsBuilder {

	private volatile @Nullable WorkflowAgentsBuilder delegate;

	@Override
	public SequentialAgentService<UntypedAgent> sequenceBuilder() {
		return traced(delegate().sequenceBuilder());
	}

	@Override
	public <T> SequentialAgentService<T> sequenceBuilder(Class<T> agentServiceClass) {
		return traced(delegate().sequenceBuilder(agentServiceClass));
	}

	@Override
	public ParallelAgentService<UntypedAgent> parallelBuilder() {
		return traced(delegate().parallelBuilder());
	}

	@Override
	public <T> ParallelAgentService<T> parallelBuilder(Class<T> agentServiceClass) {
		return traced(delegate().parallelBuilder(agentServiceClass));
	}

	@Override
	public LoopAgentService<UntypedAgent> loopBuilder() {
		return traced(delegate().loopBuilder());
	}

	@Override
	public <T> LoopAgentService<T> loopBuilder(Class<T> agentServiceClass) {
		return traced(delegate().loopBuilder(agentServiceClass));
	}

	@Override
	public ConditionalAgentService<UntypedAgent> conditionalBuilder() {
		return traced(delegate().conditionalBuilder());
	}

	@Override
	public <T> ConditionalAgentService<T> conditionalBuilder(Class<T> agentServiceClass) {
		return traced(delegate().conditionalBuilder(agentServiceClass));
	}

	@Override
	public ParallelMapperService<UntypedAgent> parallelMapperBuilder() {
		return traced(delegate().parallelMapperBuilder());
	}

	@Override
	public <T> ParallelMapperService<T> parallelMapperBuilder(Class<T> agentServiceClass) {
		return traced(delegate().parallelMapperBuilder(agentServiceClass));
	}

	private static <B extends AgenticService<B, ?>> B traced(B builder) {
		return LangChain4jTracing.active() ? builder.listener(AgentTracingAgentListener.automatic()) : builder;
	}

	private WorkflowAgentsBuilder delegate() {
		WorkflowAgentsBuilder delegate = this.delegate;
		if (delegate == null) {
			delegate = WorkflowAgentsBuilderImpl.INSTANCE;
			for (WorkflowAgentsBuilder candidate : ServiceLoader.load(WorkflowAgentsBuilder.class)) {
				if (!(candidate instanceof TracingWorkflowAgentsBuilder)) {
					delegate = candidate;
					break;
				}
			}
			this.delegate = delegate;
		}
		return delegate;
	}

}
