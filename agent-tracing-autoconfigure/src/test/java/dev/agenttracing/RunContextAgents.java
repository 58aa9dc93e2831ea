package dev.agenttracing;

import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.LlmCall;
import dev.agenttracing.annotation.Tool;

/**
 * Annotated beans for the run context tests: an agent whose conversation id comes from
 * its request, a tool that also starts a span of a foreign library (as Spring's HTTP
 * client would), and a model call.
 */
final class RunContextAgents {

	private RunContextAgents() {
	}

	record SupportRequest(String userId, ChatThread thread, String question) {
	}

	record ChatThread(String id) {
	}

	static class LookupTool {

		private final OpenTelemetry openTelemetry;

		LookupTool(OpenTelemetry openTelemetry) {
			this.openTelemetry = openTelemetry;
		}

		@Tool(name = "lookup_order")
		public String lookup(String question) {
			Span http = this.openTelemetry.getTracer("org.springframework.web.client")
				.spanBuilder("http get")
				.startSpan();
			http.end();
			return "order 42 shipped";
		}

	}

	static class ScriptedModel {

		@LlmCall(provider = "openai", model = "gpt-4o")
		public String answer(String prompt) {
			return "Your order shipped.";
		}

	}

	static class SupportAgent {

		private final LookupTool lookup;

		private final ScriptedModel model;

		SupportAgent(LookupTool lookup, ScriptedModel model) {
			this.lookup = lookup;
			this.model = model;
		}

		@AgentRun(name = "support", conversationId = "#request.thread.id")
		public String answer(SupportRequest request) {
			return this.model.answer(this.lookup.lookup(request.question()));
		}

		@AgentRun(name = "support-by-position", conversationId = "#p0?.thread?.id")
		public String answerByPosition(SupportRequest request) {
			return "ok";
		}

		@AgentRun(name = "support-unsafe", conversationId = "#request.thread.id")
		public String answerUnsafe(SupportRequest request) {
			return "still answered";
		}

		@AgentRun(name = "fragile")
		public String fragile(String question) {
			this.lookup.lookup(question);
			throw new IllegalStateException("model timed out");
		}

		@AgentRun(name = "triage")
		public List<String> triage(String question) {
			return List.of(this.lookup.lookup(question));
		}

	}

	static class MisspelledParameterAgent {

		@AgentRun(conversationId = "#reqest.thread.id")
		public String answer(SupportRequest request) {
			return "never";
		}

	}

	static class MisspelledPropertyAgent {

		@AgentRun(conversationId = "#request.thred.id")
		public String answer(SupportRequest request) {
			return "never";
		}

	}

	static class MisspelledLlmCallModel {

		@LlmCall(provider = "openai", model = "#request.modle")
		public String answer(SupportRequest request) {
			return "never";
		}

	}

	static class BrokenSyntaxAgent {

		@AgentRun(conversationId = "#request.thread.")
		public String answer(SupportRequest request) {
			return "never";
		}

	}

}
