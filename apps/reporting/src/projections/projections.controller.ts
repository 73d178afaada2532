import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { requireNational } from '../jurisdiction';
import { ProjectionsService } from './projections.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionsController {
  constructor(private readonly projections: ProjectionsService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The read models of reporting' })
  list(@CurrentUser() user: AuthUser) {
    requireNational(user);
    return { items: this.projections.names() };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Rebuild a read model from the topics into a shadow table and swap it in' })
  rebuild(@CurrentUser() user: AuthUser, @Param('name') name: string) {
    requireNational(user);
    return this.projections.start(name);
  }

  @Get(':name/rebuild')
  @Roles('admin')
  @ApiOperation({ summary: 'Progress of the last rebuild of a read model' })
  progress(@CurrentUser() user: AuthUser, @Param('name') name: string) {
    requireNational(user);
    return this.projections.progress(name);
  }
}
