package dev.agenttracing.autoconfigure;

import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;

import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.redact.ContentRedactor;
import dev.agenttracing.redact.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Startup checks of {@code agent.tracing.content.*} and the content beans.
 */
class ContentConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentTracingAutoConfiguration.class))
		.withBean(OpenTelemetry.class, OpenTelemetry::noop);

	@Test
	void contentIsOffByDefaultAndExceptionRedactionIsOn() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(ContentRecorder.class).isEnabled()).isFalse();
			assertThat(context.getBean(Redactor.class).redact("jane@example.com")).isEqualTo("[REDACTED:email]");
		});
	}

	@Test
	void detectorsRulesAndKeysComeFromProperties() {
		this.contextRunner.withPropertyValues("agent.tracing.content.redaction.detectors.email=false",
				"agent.tracing.content.redaction.detectors.phone-number=false",
				"agent.tracing.content.redaction.rules[0].pattern=EMP-\\d{6}",
				"agent.tracing.content.redaction.rules[0].name=employee", "agent.tracing.content.redaction.keys=pin")
			.run((context) -> assertThat(
					context.getBean(Redactor.class).redact("jane@example.com +49 30 1234567 EMP-123456 pin=1234"))
				.isEqualTo("jane@example.com +49 30 1234567 [REDACTED:employee] pin=[REDACTED:pin]"));
	}

	@Test
	void userRedactorBeansRunAfterTheBuiltIns() {
		this.contextRunner.withBean(ContentRedactor.class, () -> (text) -> text.replace("Jane", "[name]"))
			.withPropertyValues("agent.tracing.content.redaction.timeout=10s")
			.run((context) -> assertThat(context.getBean(Redactor.class).redact("Jane jane@example.com"))
				.isEqualTo("[name] [REDACTED:email]"));
	}

	@Test
	void userBeansWin() {
		Redactor redactor = Redactor.builder().build();
		this.contextRunner.withBean(Redactor.class, () -> redactor)
			.run((context) -> assertThat(context.getBean(Redactor.class)).isSameAs(redactor));
	}

	@Test
	void badRegexFailsNamingTheProperty() {
		assertFailure("agent.tracing.content.redaction.rules[0].pattern=([a-z]",
				"agent.tracing.content.redaction.rules[0].pattern", "not a valid regular expression");
	}

	@Test
	void negativeSizeFailsNamingTheProperty() {
		assertFailure("agent.tracing.content.max-length=-1", "agent.tracing.content.max-length", "at least 64");
	}

	@Test
	void hashModeWithoutKeyFailsNamingTheProperty() {
		assertFailure("agent.tracing.content.redaction.mode=hash", "agent.tracing.content.redaction.hash-key",
				"needs a secret key");
	}

	@Test
	void nonPositiveTimeoutFailsNamingTheProperty() {
		assertFailure("agent.tracing.content.redaction.timeout=0s", "agent.tracing.content.redaction.timeout",
				"must be positive");
	}

	@Test
	void unknownDetectorFailsBindingNamingTheProperty() {
		this.contextRunner.withPropertyValues("agent.tracing.content.redaction.detectors.passport=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				BindException bind = findCause(context.getStartupFailure(), BindException.class);
				assertThat(bind).isNotNull();
				assertThat(bind.getMessage()).contains("agent.tracing.content.redaction.detectors");
			});
	}

	@Test
	void unknownModeFailsBindingNamingTheProperty() {
		this.contextRunner.withPropertyValues("agent.tracing.content.redaction.mode=scramble").run((context) -> {
			assertThat(context).hasFailed();
			BindException bind = findCause(context.getStartupFailure(), BindException.class);
			assertThat(bind).isNotNull();
			assertThat(bind.getProperty().getName().toString()).isEqualTo("agent.tracing.content.redaction.mode");
		});
	}

	private void assertFailure(String property, String name, String reason) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			InvalidAgentTracingPropertyException ex = findCause(context.getStartupFailure(),
					InvalidAgentTracingPropertyException.class);
			assertThat(ex).isNotNull();
			assertThat(ex.getProperty()).isEqualTo(name);
			FailureAnalysis analysis = new AgentTracingFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(name).contains(reason);
			assertThat(analysis.getAction()).contains(name);
		});
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable current = failure;
		while (current != null) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		return null;
	}

	@Test
	void oneAnalyzerIsRegistered() throws Exception {
		List<String> analyzers = new ArrayList<>();
		Enumeration<URL> files = getClass().getClassLoader().getResources("META-INF/spring.factories");
		while (files.hasMoreElements()) {
			Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(files.nextElement()));
			analyzers.add(factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer", ""));
		}
		assertThat(analyzers).filteredOn((names) -> names.contains("dev.agenttracing"))
			.containsExactly(AgentTracingFailureAnalyzer.class.getName());
	}

}
