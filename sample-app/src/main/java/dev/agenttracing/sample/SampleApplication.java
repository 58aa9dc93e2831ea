package dev.agenttracing.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A trip-planning agent that runs offline: a scripted LLM stand-in, tools, a subagent and an
 * HTTP endpoint, all traced by agent-tracing.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
