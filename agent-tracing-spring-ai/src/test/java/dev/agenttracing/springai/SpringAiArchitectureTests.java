package dev.agenttracing.springai;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.agenttracing.testsupport.ArchitectureRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The structure of the module, checked on its compiled classes so that {@code mvn verify}
 * fails when it drifts: no package cycles, other projects' internal packages used by no
 * class, and none of the core's adapters to them.
 */
class SpringAiArchitectureTests {

	private static final JavaClasses CLASSES = ArchitectureRules.mainClasses("dev.agenttracing.springai");

	@Test
	void thereAreNoPackageCycles() {
		ArchitectureRules.noPackageCycles("dev.agenttracing.springai").check(CLASSES);
	}

	@Test
	void noClassUsesOtherProjectsInternalPackages() {
		noClasses().should()
			.dependOnClassesThat(ArchitectureRules.areInternalToAnotherProject())
			.because("a framework's internal API is used nowhere")
			.check(CLASSES);
	}

	@Test
	void theCoresAdaptersAreNotUsed() {
		ArchitectureRules.noUseOfTheCoresAdapters().check(CLASSES);
	}

}
