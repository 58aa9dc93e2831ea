package dev.agenttracing.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A trip-planning agent on Spring AI that runs offline: a {@code ChatClient} with two
 * tools and a subagent, talking over HTTP to a scripted OpenAI-compatible model, behind
 * an HTTP endpoint, all traced by agent-tracing.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
