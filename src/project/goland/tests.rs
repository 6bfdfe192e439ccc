//! GoLand's workspace.xml: the documented shape read, written in place, refused when unknown.

use super::*;

const SHAPE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="ChangeListManager">
    <list default="true" id="1" name="Changes" comment="" />
  </component>
  <component name="VgoProject">
    <environment>
      <map>
        <entry key="GOPROXY" value="https://goproxy.cn,direct" />
        <entry key="GOFLAGS" value="-mod=readonly" />
      </map>
    </environment>
    <integration-enabled>true</integration-enabled>
    <settings-migrated>true</settings-migrated>
  </component>
  <component name="com.intellij.coverage.CoverageDataManagerImpl" />
</project>
"#;

fn vars(p: &[(&str, &str)]) -> BTreeMap<String, String> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn reads_the_documented_shape() {
    let env = read(SHAPE).expect("reads");
    assert_eq!(
        env.vars,
        vars(&[
            ("GOPROXY", "https://goproxy.cn,direct"),
            ("GOFLAGS", "-mod=readonly")
        ])
    );
}

#[test]
fn writes_only_the_environment() {
    let out = with_vars(SHAPE, &vars(&[("GOSUMDB", "off"), ("GOPROXY", "a&\"b")])).expect("writes");
    assert_eq!(read(&out).expect("reads").vars["GOPROXY"], "a&\"b");
    let head = SHAPE.find("  <component name=\"VgoProject\"").expect("has");
    assert_eq!(out[..head], SHAPE[..head]);
    assert!(out.ends_with("    <integration-enabled>true</integration-enabled>\n    <settings-migrated>true</settings-migrated>\n  </component>\n  <component name=\"com.intellij.coverage.CoverageDataManagerImpl\" />\n</project>\n"));
    let removed = with_vars(SHAPE, &BTreeMap::new()).expect("writes");
    assert!(!removed.contains("<environment>") && removed.contains("<integration-enabled>"));
}

#[test]
fn inserts_in_name_order() {
    let no = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project version=\"4\">\n  <component name=\"ChangeListManager\" />\n  <component name=\"com.x\" />\n</project>\n";
    let out = with_vars(no, &vars(&[("GOSUMDB", "off")])).expect("writes");
    let (a, b, c) = (
        out.find("ChangeListManager"),
        out.find("VgoProject"),
        out.find("com.x"),
    );
    assert!(a < b && b < c, "{out}");
    assert_eq!(read(&out).expect("reads").vars["GOSUMDB"], "off");
    assert_eq!(with_vars(&out, &BTreeMap::new()).expect("writes"), no);
}

#[test]
fn refuses_unknown_shapes() {
    let odd = SHAPE.replace("<settings-migrated>", "<magic/><settings-migrated>");
    assert_eq!(read(&odd), Err(ShapeError::Unknown("magic".into())));
    let legacy = "<project version=\"4\">\n  <component name=\"VgoProject\">\n    <proxy>direct</proxy>\n  </component>\n</project>\n";
    assert_eq!(
        read(legacy).expect("reads").legacy_proxy.as_deref(),
        Some("direct")
    );
    assert_eq!(
        with_vars(legacy, &vars(&[("A", "b")])),
        Err(ShapeError::Legacy)
    );
    assert_eq!(read("<foo/>"), Err(ShapeError::NoProject));
    assert!(matches!(
        read("<project><component name=\"x\"></project>"),
        Err(ShapeError::Xml(_))
    ));
}
