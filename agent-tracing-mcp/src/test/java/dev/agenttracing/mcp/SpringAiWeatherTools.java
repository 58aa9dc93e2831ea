package dev.agenttracing.mcp;

import org.springframework.ai.tool.annotation.Tool;

/**
 * The Spring AI {@code @Tool}s that the Spring AI MCP server tests serve: one that
 * answers, one that throws.
 */
class SpringAiWeatherTools {

	@Tool(description = "The weather in a city")
	public String getWeather(String city) {
		return "rainy in " + city;
	}

	// Spring AI answers a tool that throws with a result flagged isError.
	@Tool(description = "The forecast for a city, when its service is up")
	public String flakyForecast(String city) {
		throw new IllegalStateException("forecast service unavailable for " + city);
	}

}
