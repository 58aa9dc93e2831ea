package dev.agenttracing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import io.opentelemetry.context.Context;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.Tool;
import dev.agenttracing.annotation.ToolCallId;

/**
 * Annotated beans the span tests drive through real Spring AOP proxies.
 */
final class TestAgents {

	private TestAgents() {
	}

	static class WeatherTool {

		@Tool(name = "get_weather", description = "Current weather for a city")
		public String weather(String city, @ToolCallId String callId) {
			return "sunny in " + city;
		}

		@Tool
		public String forecast(String city) {
			return "rain tomorrow in " + city;
		}

		@Tool(name = "broken", type = "extension")
		public String broken(String city) throws IOException {
			throw new IOException("upstream down for " + city);
		}

		@Tool(name = "slow_lookup")
		public CompletableFuture<String> slowLookup(CompletableFuture<String> result) {
			return result;
		}

	}

	static class GuideAgent {

		@AgentRun(name = "local-guide", description = "Recommends sights", id = "guide-1", version = "2.0",
				provider = "anthropic")
		public List<String> recommend(String city) {
			return List.of("museum", "park");
		}

	}

	static class ActivityTool {

		private final GuideAgent guide;

		ActivityTool(GuideAgent guide) {
			this.guide = guide;
		}

		@Tool(name = "find_activities")
		public List<String> find(String city) {
			return this.guide.recommend(city);
		}

	}

	static class PlannerAgent {

		private final WeatherTool weather;

		private final ActivityTool activities;

		PlannerAgent(WeatherTool weather, ActivityTool activities) {
			this.weather = weather;
			this.activities = activities;
		}

		@AgentRun(name = "trip-planner", description = "Plans trips")
		public String plan(String city) {
			return this.weather.weather(city, "call_42") + " / " + this.activities.find(city);
		}

		@AgentRun(name = "failing-planner")
		public String planBroken(String city) throws IOException {
			return this.weather.broken(city);
		}

		@AgentRun(name = "async-planner")
		public CompletableFuture<String> planAsync(CompletableFuture<String> result) {
			return result;
		}

		@AgentRun(name = "parallel-planner")
		public String planInParallel(String city, ExecutorService executor) {
			ExecutorService propagating = Context.taskWrapping(executor);
			CompletableFuture<String> now = CompletableFuture.supplyAsync(() -> this.weather.weather(city, "call_1"),
					propagating);
			CompletableFuture<String> later = CompletableFuture.supplyAsync(() -> this.weather.forecast(city),
					propagating);
			return now.join() + " / " + later.join();
		}

	}

	@AgentRun
	static class ConciergeAgent {

		public String greet(String name) {
			return "hello " + name;
		}

		@AgentRun(name = "concierge-farewell")
		public String farewell(String name) {
			return "bye " + name;
		}

		String notPublic() {
			return "untraced";
		}

	}

}
