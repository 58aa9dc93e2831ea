package dev.agenttracing.langchain4j;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.agenttracing.testsupport.ArchitectureRules;

/**
 * The structure of the module, checked on its compiled classes so that {@code mvn verify}
 * fails when it drifts: no package cycles, other projects' internal packages used only by
 * the adapter in {@code dev.agenttracing.langchain4j.internal}, and none of the core's
 * adapters to them.
 */
class LangChain4jArchitectureTests {

	private static final JavaClasses CLASSES = ArchitectureRules.mainClasses("dev.agenttracing.langchain4j");

	@Test
	void thereAreNoPackageCycles() {
		ArchitectureRules.noPackageCycles("dev.agenttracing.langchain4j").check(CLASSES);
	}

	@Test
	void noClassUsesOtherProjectsInternalPackages() {
		ArchitectureRules.otherProjectsInternalsOnlyIn("dev.agenttracing.langchain4j.internal").check(CLASSES);
	}

	@Test
	void theCoresAdaptersAreNotUsed() {
		ArchitectureRules.noUseOfTheCoresAdapters().check(CLASSES);
	}

}
