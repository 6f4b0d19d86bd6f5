import { foldVietnamese } from "./text-folding";

describe("foldVietnamese", () => {
  it.each([
    ["Nguyễn Văn Đức", "nguyen van duc"],
    ["  TRẦN   thị  Ánh ", "tran thi anh"],
    ["Huỳnh Bảo Ngọc", "huynh bao ngoc"],
    ["QN-21550-0001", "qn-21550-0001"],
  ])("folds %j to %j", (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });

  it("folds precomposed and decomposed forms alike", () => {
    expect(foldVietnamese("Nguy\u1ec5n")).toBe(foldVietnamese("Nguye\u0302\u0303n"));
  });
});
