import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { isDirectGrant } from "../pages/Admin";
import { AccessContext, SignedInUser } from "./access";
import { MarkdownEditor, TagEditor } from "./common";

const none = () => Promise.resolve();

describe("access in the pages", () => {
  it("shows the signed-in user, marked when an administrator, and nobody without authentication", () => {
    const admin = renderToStaticMarkup(
      <AccessContext.Provider value={{ access: { username: "root", admin: true, rows: [], byDefault: "MANAGE" }, refresh: none }}>
        <SignedInUser />
      </AccessContext.Provider>,
    );
    expect(admin).toContain("root");
    expect(admin).toContain("admin</span>");
    const reader = renderToStaticMarkup(
      <AccessContext.Provider value={{ access: { username: "bob", admin: false, rows: [], byDefault: "READ" }, refresh: none }}>
        <SignedInUser />
      </AccessContext.Provider>,
    );
    expect(reader).toContain("bob");
    expect(reader).not.toContain("admin");
    expect(renderToStaticMarkup(<SignedInUser />)).toBe("");
  });

  it("shows tags and descriptions without their editing controls when read-only", () => {
    const tags = [{ key: "team", value: "vision" }];
    const editable = renderToStaticMarkup(<TagEditor tags={tags} onSet={none} onDelete={none} />);
    expect(editable).toContain("Set tag");
    expect(editable).toContain(">delete<");
    const readOnly = renderToStaticMarkup(<TagEditor tags={tags} onSet={none} onDelete={none} readOnly />);
    expect(readOnly).toContain("vision");
    expect(readOnly).not.toContain("Set tag");
    expect(readOnly).not.toContain(">delete<");
    expect(renderToStaticMarkup(<MarkdownEditor text="hi" onSave={none} />)).toContain("Edit description");
    expect(renderToStaticMarkup(<MarkdownEditor text="hi" onSave={none} readOnly />)).not.toContain("Edit description");
  });

  it("tells a user's own grants from those of their roles", () => {
    const row = { resource_type: "experiment", resource_pattern: "1", permission: "READ" };
    expect(isDirectGrant({ ...row, role_name: "__user_3__" })).toBe(true);
    expect(isDirectGrant(row)).toBe(true);
    expect(isDirectGrant({ ...row, role_name: "readers" })).toBe(false);
  });
});
