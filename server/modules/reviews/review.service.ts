import type { DataSource } from "typeorm";
import { Review } from "./review.entity";

export class ReviewService {
  constructor(private readonly db: DataSource) {}

  byIds(ids: readonly string[]): Promise<Review[]> {
    return this.db.getRepository(Review).createQueryBuilder("r").where("r.id = ANY(:ids)", { ids }).getMany();
  }
}
