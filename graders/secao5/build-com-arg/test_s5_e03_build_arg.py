"""s5-e03 build-com-arg: uma ARG com valor padrão vira ENV e pode ser trocada com --build-arg."""

from __future__ import annotations

from dockgrade import BuildImage, BuiltImage, Sandbox, builds_gate, check, expect, expect_equal, near_miss, say

EXERCISE = "s5-e03-build-arg"
ECHO_BUCKET = ["bash", "-c", "echo $S3_BUCKET"]


test_builds = builds_gate()


@check(points=2)
def test_default_bucket(image: BuiltImage, module_sandbox: Sandbox) -> None:
    """sem --build-arg, o container imprime S3_BUCKET=files"""
    _, output = module_sandbox.run_to_completion(image.tag, "default", ECHO_BUCKET)
    expect_equal(output.strip(), "files", "echo $S3_BUCKET", hint=say("s5.e03.arg_env_hint"))


@check(points=1)
def test_env_in_config(image: BuiltImage) -> None:
    """a imagem guarda S3_BUCKET=files no ENV"""
    env = [item.strip() for item in image.config.get("Env") or [] if item.startswith("S3_BUCKET=")]
    expect_equal(env, ["S3_BUCKET=files"], say("s5.e03.image_env"), hint=say("s5.e03.missing_env_hint"))


@check(points=2)
def test_build_arg_overrides(build: BuildImage, module_sandbox: Sandbox) -> None:
    """com --build-arg S3_BUCKET=myapp, o container imprime myapp"""
    image = build({"S3_BUCKET": "myapp"})
    _, output = module_sandbox.run_to_completion(image.tag, "override", ECHO_BUCKET)
    hint = say("s5.e03.env_from_arg_hint")
    expect_equal(output.strip(), "myapp", say("s5.e03.after_build_arg"), hint=hint)


@check(points=1)
def test_maintainer_label(image: BuiltImage) -> None:
    """a imagem tem o label maintainer preenchido"""
    labels = image.config.get("Labels") or {}
    typo = near_miss(labels, "maintainer")
    hint = say("s5.e03.label_typo_hint", typo=typo) if typo else say("s5.e03.label_hint")
    expect(labels.get("maintainer", "").strip(), say("s5.e03.label_missing"), hint=hint)
