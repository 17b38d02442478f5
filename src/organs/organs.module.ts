import { Module } from '@nestjs/common';
import { OrganController } from './organ.controller';
import { OrganRepository } from './organ.repository';
import { OrganService } from './organ.service';

@Module({
  controllers: [OrganController],
  providers: [OrganRepository, OrganService],
  exports: [OrganRepository],
})
export class OrgansModule {}
