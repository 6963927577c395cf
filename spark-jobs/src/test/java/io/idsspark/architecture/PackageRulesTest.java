package io.idsspark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled product classes of both
 * modules (the bytecode, so a class named only in a comment does not count): no two packages depend
 * on each other, directly or through others; only the command-line packages turn problems into exit
 * codes; the ground packages use nothing above them.
 */
class PackageRulesTest {
  private static JavaClasses product;

  @BeforeAll
  static void importClasses() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.idsspark");
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching("io.idsspark.(*)..").should().beFreeOfCycles().check(product);
  }

  @Test
  void onlyTheCommandLinePicksExitCodes() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.idsspark.cli", "io.idsspark.jobs", "io.idsspark.sniffer")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.idsspark.cli.ExitCodes")
        .check(product);
  }

  @Test
  void groundPackagesUseNothingAbove() {
    noClasses()
        .that()
        .resideInAnyPackage("io.idsspark.errors", "io.idsspark.config")
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAPackage("io.idsspark..")
                .and(
                    JavaClass.Predicates.resideOutsideOfPackages(
                        "io.idsspark.errors", "io.idsspark.config")))
        .check(product);
  }

  @Test
  void theFlowEngineKnowsNothingOfSparkOrTheJobs() {
    noClasses()
        .that()
        .resideInAnyPackage("io.idsspark.capture", "io.idsspark.flow")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.spark..",
            "io.idsspark.cli",
            "io.idsspark.jobs",
            "io.idsspark.sniffer",
            "io.idsspark.synthetic")
        .check(product);
  }
}
