import { describe, expect, it } from "vitest";
import { loggedImages } from "./images";

describe("loggedImages", () => {
  it("reads MLflow's log_image names: key (with ~ for /), step, timestamp, full image and compressed copy", () => {
    const id = "0f8e6a1c-1111-2222-3333-444455556666";
    const paths = [
      `images/val~pred+step+10+timestamp+1700000001000+${id}.png`,
      `images/val~pred+step+10+timestamp+1700000001000+${id}+compressed.webp`,
      "images/val~pred+step+0+timestamp+1700000000000+aaaa.png",
      "images/attention%step%5%timestamp%1700000000500%bbbb.png",
      "images/notes.txt",
    ];
    const images = loggedImages(paths);
    expect([...images.keys()]).toEqual(["attention", "val/pred"]);
    const pred = images.get("val/pred")!;
    expect(pred.map((i) => i.step)).toEqual([0, 10]);
    expect(pred[1].path).toBe(paths[0]);
    expect(pred[1].compressed).toBe(paths[1]);
    expect(pred[1].timestamp).toBe(1700000001000);
    expect(images.get("attention")![0].step).toBe(5);
  });
  it("falls back to the compressed copy when the full image is missing", () => {
    const images = loggedImages(["images/x+step+1+timestamp+2+u+compressed.webp"]);
    expect(images.get("x")![0].path).toBe("images/x+step+1+timestamp+2+u+compressed.webp");
  });
});
