package dev.agenttracing.springai;

import org.springframework.ai.tool.annotation.Tool;

/**
 * A tool carrying both Spring AI's {@code @Tool} and agent-tracing's: traced once.
 */
public class ClockTools {

	@Tool(name = "get_time", description = "Current time in a city")
	@dev.agenttracing.annotation.Tool(name = "get_time")
	public String getTime(String city) {
		return "12:00 in " + city;
	}

}
