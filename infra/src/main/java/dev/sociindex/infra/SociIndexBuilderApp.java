package dev.sociindex.infra;

import software.amazon.awscdk.App;

/** The CDK app: {@code cdk synth} / {@code cdk deploy} run this (see cdk.json). */
public final class SociIndexBuilderApp {
    private SociIndexBuilderApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        app.synth();
    }
}
