package dev.agenttracing.langchain4j;

import java.util.Map;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.spi.services.AiServiceContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one place where agent-tracing relies on more than LangChain4j's documented listener
 * API: the context of an AI service, created for every AI service by LangChain4j's
 * {@link AiServiceContextFactory} extension point ({@code ServiceLoader}, see
 * {@link TracingAiServiceContextFactory}). It registers agent-tracing's listeners on the
 * service's event registrar (public API), and when the service is first called with a
 * tracer installed it decorates, through the context's public fields, what LangChain4j
 * takes as interfaces: the {@code ChatModel}, the {@code StreamingChatModel} and each
 * {@code ToolExecutor}; tools that a {@code ToolProvider} supplies per call are traced
 * through the tool service's public callbacks ({@link ProviderToolSpans}). The
 * application's model and tool objects are never changed or proxied.
 * {@code TracedAiServiceContextTests} fails when LangChain4j changes any of this.
 *
 * @author agent-tracing
 */
final class TracedAiServiceContext extends AiServiceContext {

	private final AiServiceRuns runs;

	private volatile @Nullable ProviderToolSpans providerTools;

	private volatile boolean instrumented;

	TracedAiServiceContext(Class<?> aiServiceClass) {
		super(aiServiceClass);
		this.runs = new AiServiceRuns(this);
		this.runs.registerOn(this.eventListenerRegistrar);
	}

	/**
	 * A run ended: forget what its provided tools left open.
	 * @param invocation the run's invocation
	 */
	void runEnded(dev.langchain4j.invocation.InvocationContext invocation) {
		ProviderToolSpans providerTools = this.providerTools;
		if (providerTools != null) {
			providerTools.runEnded(invocation);
		}
	}

	AiServiceRuns runs() {
		return this.runs;
	}

	/**
	 * Decorate the models and tools once, on the first traced call: by then the builder
	 * has set them all, and LangChain4j reads them afresh for every call.
	 */
	void instrument() {
		if (this.instrumented) {
			return;
		}
		synchronized (this) {
			if (this.instrumented) {
				return;
			}
			if (this.chatModel != null && !(this.chatModel instanceof TracingChatModel)) {
				this.chatModel = new TracingChatModel(this.chatModel);
			}
			if (this.streamingChatModel != null && !(this.streamingChatModel instanceof TracingStreamingChatModel)) {
				this.streamingChatModel = new TracingStreamingChatModel(this.streamingChatModel);
			}
			Map<String, ToolExecutor> executors = this.toolService.toolExecutors();
			executors.replaceAll((name, executor) -> (executor instanceof TracingToolExecutor) ? executor
					: new TracingToolExecutor(executor, descriptionOf(name), this.runs::contextOf));
			if (!this.toolService.toolProviders().isEmpty()) {
				ProviderToolSpans providerTools = new ProviderToolSpans(this.toolService, this.runs);
				providerTools.register();
				this.providerTools = providerTools;
			}
			this.instrumented = true;
		}
	}

	private @Nullable String descriptionOf(String toolName) {
		for (ToolSpecification specification : this.toolService.toolSpecifications()) {
			if (toolName.equals(specification.name())) {
				return specification.description();
			}
		}
		return null;
	}

}
