package dev.agenttracing.langchain4j;

import java.util.List;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutor;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import dev.agenttracing.AgentTracer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one adapter to more than LangChain4j's listener API (see
 * {@link TracedAiServiceContext}): these tests fail when LangChain4j stops creating AI
 * service contexts through its {@code AiServiceContextFactory} extension point, or stops
 * reading the model and tool executors from the context's public fields on every call.
 *
 * @author agent-tracing
 */
class TracedAiServiceContextTests {

	private final ChatModel model = new ChatModel() {

		@Override
		public ChatResponse doChat(ChatRequest chatRequest) {
			return ChatResponse.builder().aiMessage(AiMessage.from("hi")).build();
		}

	};

	@Test
	void everyAiServiceBuiltWhileATracerIsInstalledGetsATracedContext() {
		try (LangChain4jTracing tracing = LangChain4jTracing
			.install(AgentTracer.builder(OpenTelemetry.noop()).build())) {
			assertThat(AiServiceContext.create(Greeter.class)).isInstanceOf(TracedAiServiceContext.class);
		}
	}

	@Test
	void everyAiServiceBuiltWhileATracerIsExpectedGetsATracedContext() {
		try (LangChain4jTracing.Expectation expected = LangChain4jTracing.expect()) {
			assertThat(AiServiceContext.create(Greeter.class)).isInstanceOf(TracedAiServiceContext.class);
		}
	}

	@Test
	void withNoTracerLangChain4jsOwnContextIsHandedBack() {
		AiServiceContext context = AiServiceContext.create(Greeter.class);
		assertThat(context).isInstanceOf(TracingAiServiceContextFactory.PlainAiServiceContext.class);
		assertThat(context.getClass().getSuperclass()).isEqualTo(AiServiceContext.class);
		assertThat(context.getClass().getDeclaredFields()).isEmpty();
		assertThat(context.getClass().getDeclaredMethods()).isEmpty();
		Greeter greeter = AiServices.<Greeter>builder(context).chatModel(this.model).tools(new Tools()).build();
		try (LangChain4jTracing tracing = LangChain4jTracing
			.install(AgentTracer.builder(OpenTelemetry.noop()).build())) {
			assertThat(greeter.greet("hello")).isEqualTo("hi");
			assertThat(context.chatModel).isSameAs(this.model);
			assertThat(context.toolService.toolExecutors().values()).singleElement()
				.isNotInstanceOf(TracingToolExecutor.class);
		}
	}

	@Test
	void modelsAndToolsAreDecoratedOnTheFirstTracedCallOnly() {
		AiServiceContext context;
		try (LangChain4jTracing.Expectation expected = LangChain4jTracing.expect()) {
			context = AiServiceContext.create(Greeter.class);
		}
		Greeter greeter = AiServices.<Greeter>builder(context).chatModel(this.model).tools(new Tools()).build();
		assertThat(greeter.greet("hello")).isEqualTo("hi");
		assertThat(context.chatModel).isSameAs(this.model);
		try (LangChain4jTracing tracing = LangChain4jTracing
			.install(AgentTracer.builder(OpenTelemetry.noop()).build())) {
			assertThat(greeter.greet("hello")).isEqualTo("hi");
			assertThat(context.chatModel).isInstanceOf(TracingChatModel.class);
			assertThat(((TracingChatModel) context.chatModel).delegate()).isSameAs(this.model);
			List<ToolExecutor> executors = List.copyOf(context.toolService.toolExecutors().values());
			assertThat(executors).singleElement().isInstanceOf(TracingToolExecutor.class);
		}
		assertThat(LangChain4jTracing.current()).isNull();
		// Uninstalled: the decorators pass every call straight through.
		assertThat(greeter.greet("hello")).isEqualTo("hi");
	}

	@Test
	void streamingModelIsDecoratedToo() {
		StreamingChatModel streaming = new StreamingChatModel() {

			@Override
			public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
				handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("hi")).build());
			}

		};
		try (LangChain4jTracing tracing = LangChain4jTracing
			.install(AgentTracer.builder(OpenTelemetry.noop()).build())) {
			AiServiceContext context = AiServiceContext.create(StreamingGreeter.class);
			StreamingGreeter greeter = AiServices.<StreamingGreeter>builder(context)
				.streamingChatModel(streaming)
				.build();
			StringBuilder done = new StringBuilder();
			greeter.greet("hello").onPartialResponse((text) -> {
			}).onCompleteResponse((response) -> done.append(response.aiMessage().text())).ignoreErrors().start();
			assertThat(done.toString()).isEqualTo("hi");
			assertThat(context.streamingChatModel).isInstanceOf(TracingStreamingChatModel.class);
		}
	}

	interface Greeter {

		String greet(String message);

	}

	interface StreamingGreeter {

		dev.langchain4j.service.TokenStream greet(String message);

	}

	static class Tools {

		@dev.langchain4j.agent.tool.Tool("Says hello")
		public String hello() {
			return "hello";
		}

	}

}
