package dev.agenttracing.autoconfigure;

import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agenttracing.testsupport.PropertyPaths;

/**
 * The defaults an IDE shows come from {@code spring-configuration-metadata.json}; the
 * properties classes take most of theirs from the components' {@code DEFAULT_*}
 * constants, which the configuration processor cannot read, so the additional metadata
 * states them. This test keeps the two equal: every default in the generated metadata,
 * converted as Boot binds it, equals the value a fresh properties object holds.
 */
class ConfigurationMetadataDefaultsTests {

	private static final ConversionService CONVERSION = ApplicationConversionService.getSharedInstance();

	@Test
	void everyDocumentedDefaultIsTheDefaultThePropertiesHold() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		BeanWrapper core = PropertyAccessorFactory.forBeanPropertyAccess(new AgentTracingProperties());
		BeanWrapper runs = PropertyAccessorFactory.forBeanPropertyAccess(new AgentTracingRunsProperties());
		List<String> checked = new ArrayList<>();
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString();
			JsonNode defaultValue = property.get("defaultValue");
			if (defaultValue == null || defaultValue.isArray() || !name.startsWith("agent.tracing.")) {
				continue;
			}
			boolean isRuns = name.startsWith(AgentTracingRunsProperties.PREFIX + ".");
			BeanWrapper owner = isRuns ? runs : core;
			String path = PropertyPaths
				.beanPath(name.substring((isRuns ? AgentTracingRunsProperties.PREFIX : "agent.tracing").length() + 1));
			if (!owner.isReadableProperty(path)) {
				continue;
			}
			Object actual = owner.getPropertyValue(path);
			TypeDescriptor type = owner.getPropertyTypeDescriptor(path);
			Object documented = CONVERSION.convert(defaultValue.asString(), TypeDescriptor.valueOf(String.class), type);
			if (actual instanceof File file && documented instanceof File documentedFile) {
				assertThat(file.getPath()).as(name).isEqualTo(documentedFile.getPath());
			}
			else {
				assertThat(actual).as(name).isEqualTo(documented);
			}
			checked.add(name);
		}
		assertThat(checked).contains("agent.tracing.content.max-length", "agent.tracing.export.jsonl.max-age",
				"agent.tracing.export.jsonl.queue.max-size", "agent.tracing.runs.max-size",
				"agent.tracing.sampling.probability", "agent.tracing.content.redaction.mode");
	}

}
